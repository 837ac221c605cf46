/**
 * Judging an engine's answer against the exact one:
 * - range: [lower, upper] must contain the exact range (soundness); tightness = engine width /
 *   exact width (1 is perfect; a constant output, exact width 0, is counted apart);
 * - verify: the verdict must match; a sat counterexample is re-checked exactly (inside the box,
 *   and the exact forward pass lands in the unsafe set); `unknown` is allowed and counted;
 * - count: equal to the number of activation regions;
 * - lipschitz: upper >= the exact constant; tightness = upper / exact.
 * A violation comes with a one-line message (decimals and exact p/q) and a paragraph for the
 * reproducer's README.
 */
import { cmp, div, sub, toDouble, type Rational } from '../kernel/rational.js';
import { forward } from '../network/forward.js';
import { atomHolds, atomToString, termValue } from '../verify/vnnlib.js';
import type { OracleCase } from './cases.js';
import { showBoth, showCoordinate, showPoint } from './decimal.js';
import type { ExactAnswer } from './exact.js';
import type { EngineAnswer } from './protocol.js';

export type Judgement =
  /**
   * tightness: the engine's width (range) or bound (lipschitz) over the exact one, when that is
   * > 0; `flat`: the exact width or constant is 0, and `flatExact` says whether the engine's is too.
   */
  | { status: 'pass'; tightness?: number; flat?: boolean; flatExact?: boolean; note?: string }
  | { status: 'unknown' }
  | { status: 'error'; message: string }
  | { status: 'violation'; message: string; paragraph: string };

const ZERO: Rational = { n: 0n, d: 1n };
/** How loose `engine` is against `exact` (both >= 0). */
const looseness = (engine: Rational, exact: Rational): { tightness: number } | { flat: true; flatExact: boolean } =>
  cmp(exact, ZERO) === 0 ? { flat: true, flatExact: cmp(engine, ZERO) === 0 } : { tightness: toDouble(div(engine, exact)) };

const describeBox = (c: OracleCase): string => `[${c.domain.lo.map((lo, i) => `${showCoordinate(lo)}, ${showCoordinate(c.domain.hi[i])}`).join('] × [')}]`;
const shape = (c: OracleCase): string => [c.network.inputSize, ...c.network.layers.map((l) => l.weights.length)].join('-');

export function judge(c: OracleCase, exact: ExactAnswer, answer: EngineAnswer): Judgement {
  if (answer.kind === 'error') return { status: 'error', message: `engine error: ${answer.error}` };
  switch (exact.kind) {
    case 'range':
      return judgeRange(c, exact, answer as EngineAnswer & { kind: 'range' });
    case 'verify':
      return judgeVerify(c, exact, answer as EngineAnswer & { kind: 'verify' });
    case 'count':
      return judgeCount(c, exact, answer as EngineAnswer & { kind: 'count' });
    case 'lipschitz':
      return judgeLipschitz(c, exact, answer as EngineAnswer & { kind: 'lipschitz' });
  }
}

function judgeRange(c: OracleCase, e: ExactAnswer & { kind: 'range' }, a: { lower: Rational; upper: Rational }): Judgement {
  const y = `Y_${e.output}`;
  const context = () =>
    `On the box ${describeBox(c)}, output ${y} of the ${shape(c)} network in network.json has the exact minimum ${showBoth(e.min)}, attained at x = ${showPoint(e.argmin)}, ` +
    `and the exact maximum ${showBoth(e.max)}, attained at x = ${showPoint(e.argmax)} (certificate.jsonl proves both). ` +
    `The engine answered the bounds [${showBoth(a.lower)}, ${showBoth(a.upper)}].`;
  if (cmp(a.lower, e.min) > 0) {
    const message = `engine lower bound ${showBoth(a.lower)} is above the exact minimum ${showBoth(e.min)} of ${y} at x = ${showPoint(e.argmin)}`;
    const paragraph = `${context()} Its lower bound is above the exact minimum by ${showBoth(sub(a.lower, e.min))}: the network takes the value ${showBoth(e.min)} at a point of the box, which the engine's range excludes, so the bound is unsound.`;
    return { status: 'violation', message, paragraph };
  }
  if (cmp(a.upper, e.max) < 0) {
    const message = `engine upper bound ${showBoth(a.upper)} is below the exact maximum ${showBoth(e.max)} of ${y} at x = ${showPoint(e.argmax)}`;
    const paragraph = `${context()} Its upper bound is below the exact maximum by ${showBoth(sub(e.max, a.upper))}: the network takes the value ${showBoth(e.max)} at a point of the box, which the engine's range excludes, so the bound is unsound.`;
    return { status: 'violation', message, paragraph };
  }
  return { status: 'pass', ...looseness(sub(a.upper, a.lower), sub(e.max, e.min)) };
}

/** Why x is not a counterexample of the case's property, or null if it is one. */
function notACounterexample(c: OracleCase, e: ExactAnswer & { kind: 'verify' }, x: Rational[]): string | null {
  const { lo, hi } = e.property.inputBox;
  for (let i = 0; i < x.length; i++) {
    if (cmp(x[i], lo[i]) < 0 || cmp(x[i], hi[i]) > 0) return `x_${i} = ${showBoth(x[i])} is outside the box's [${showBoth(lo[i])}, ${showBoth(hi[i])}]`;
  }
  const y = forward(c.network, x).output;
  if (e.property.unsafe.some((conj) => conj.every((atom) => atomHolds(atom, x, y)))) return null;
  const failing = e.property.unsafe.flatMap((conj) => conj.filter((atom) => !atomHolds(atom, x, y)));
  const shown = failing.map((atom) => `${atomToString(atom)} fails (${showBoth(termValue(atom.lhs, x, y))} vs ${showBoth(termValue(atom.rhs, x, y))})`);
  return `the exact forward pass gives Y_${e.output} = ${showBoth(y[e.output])}, outside the unsafe set: ${shown.join('; ')}`;
}

function judgeVerify(c: OracleCase, e: ExactAnswer & { kind: 'verify' }, a: { result: 'sat' | 'unsat' | 'unknown'; x?: Rational[] }): Judgement {
  if (a.result === 'unknown') return { status: 'unknown' };
  const unsafe = `Y_${e.output} ${e.side === 'ge' ? '>=' : '<='} ${showBoth(e.c)}`;
  const context =
    `property.vnnlib asks whether some x in the box ${describeBox(c)} gives ${unsafe} (the unsafe set) for the ${shape(c)} network in network.json; ` +
    `the exact range of Y_${e.output} on the box is [${showBoth(e.min)}, ${showBoth(e.max)}], so the exact verdict is ${e.result}` +
    (e.x ? `, with the counterexample x = ${showPoint(e.x)}, Y_${e.output} = ${showBoth(e.y![e.output])}` : ' (the property holds)') +
    ` (certificate.jsonl proves it).`;
  if (a.result === 'unsat' && e.result === 'sat') {
    const message = `engine answered unsat, but x = ${showPoint(e.x!)} gives Y_${e.output} = ${showBoth(e.y![e.output])}, in the unsafe set ${unsafe}`;
    return { status: 'violation', message, paragraph: `${context} The engine answered unsat: it missed that counterexample, so its verdict is wrong.` };
  }
  if (a.result === 'sat' && a.x) {
    const why = notACounterexample(c, e, a.x);
    if (why !== null) {
      const message = `engine answered sat with x = ${showPoint(a.x)}, which is not a counterexample: ${why}${e.result === 'unsat' ? ' (exact verdict: unsat, the property holds)' : ''}`;
      return { status: 'violation', message, paragraph: `${context} The engine answered sat with x = ${showPoint(a.x)}, but ${why}.` };
    }
    if (e.result === 'unsat') throw new Error(`internal: the engine's counterexample ${showPoint(a.x)} checks exactly, yet verify answered unsat (a bug in relu-regions; please report it)`);
    return { status: 'pass' };
  }
  if (a.result === 'sat' && e.result === 'unsat') {
    const message = `engine answered sat, but the property holds (exact verdict unsat: ${unsafe} is never reached; the exact ${e.side === 'ge' ? 'maximum' : 'minimum'} of Y_${e.output} is ${showBoth(e.side === 'ge' ? e.max : e.min)})`;
    return { status: 'violation', message, paragraph: `${context} The engine answered sat (without a counterexample), but no input of the box reaches the unsafe set.` };
  }
  return { status: 'pass', ...(a.result === 'sat' && !a.x ? { note: 'sat without a counterexample' } : {}) };
}

function judgeCount(c: OracleCase, e: ExactAnswer & { kind: 'count' }, a: { regions: number }): Judgement {
  if (a.regions === e.regions) return { status: 'pass' };
  const message = `engine counted ${a.regions} regions, the exact number of activation regions is ${e.regions}`;
  const paragraph =
    `On the box ${describeBox(c)}, the ${shape(c)} network in network.json has exactly ${e.regions} activation regions (full-dimensional sets where every hidden neuron has a fixed sign; ` +
    `certificate.jsonl lists them and proves that they cover the box). The engine counted ${a.regions}.`;
  return { status: 'violation', message, paragraph };
}

/** Where the constant is attained: a region's pattern, or the whole box for a network without ReLU layers. */
const region = (pattern: string): string => (pattern === '' ? 'on the whole box (the network has no ReLU layer)' : `on the activation region ${pattern}`);

function judgeLipschitz(c: OracleCase, e: ExactAnswer & { kind: 'lipschitz' }, a: { upper: Rational }): Judgement {
  const norm = e.norm === 'inf' ? '∞-norm' : '1-norm';
  if (cmp(a.upper, e.value) >= 0) return { status: 'pass', ...looseness(a.upper, e.value) };
  const message = `engine Lipschitz bound ${showBoth(a.upper)} is below the exact constant ${showBoth(e.value)} (${norm}), attained ${region(e.pattern)} around x = ${showPoint(e.witness)}`;
  const paragraph =
    `On the box ${describeBox(c)}, the ${shape(c)} network in network.json has the exact Lipschitz constant ${showBoth(e.value)} for the ${norm} (the largest induced ${norm} of its regions' exact Jacobians), ` +
    `attained ${region(e.pattern)}, which contains x = ${showPoint(e.witness)} (certificate.jsonl is the enumeration certificate of all ${e.regions} regions with their exact maps). ` +
    `The engine's bound ${showBoth(a.upper)} is below it by ${showBoth(sub(e.value, a.upper))}, so it is unsound.`;
  return { status: 'violation', message, paragraph };
}
