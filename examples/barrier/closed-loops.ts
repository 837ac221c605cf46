// The trained barrier candidates of examples/barrier/ on their closed loops, exactly (issue 15):
// for each, the closed loop G = A x + B π(x) is built with closedLoop (one ReLU network), and
// `invariant` answers, with S = {x ∈ D : B(x) <= 0}:
//   is S forward invariant (B(G(x)) <= 0 and G(x) ∈ D on S)?  does S miss U?  contain I?
//   c*: the largest level with {B <= c*} certified forward invariant;  the pieces of C.
// The certificate (what it proves: answer.certified) is checked by the independent checker.
// The pendulum's barrier, trained for a motor with |u| <= 8, is also checked on the same
// pendulum with a weaker motor (|u| <= 3): there it fails, with an exact counterexample, and c*
// gives the smaller set it still certifies.
// Run: npx tsx examples/barrier/closed-loops.ts [di-16 di-64 lag-16 pendulum-16x16 pendulum-16x16/weak]
import { readFileSync } from 'node:fs';
import { checkCertificate, invariance, sub, toNetwork, toRational, type Fraction, type Network } from 'relu-regions';
import { loopOf, weakPendulum, type BarrierSystem } from './systems.js';
import { CANDIDATES } from './train.js';

/** The system's box D as a box spec "lo1:hi1,lo2:hi2,…". */
export const boxOf = (s: BarrierSystem): string => s.box.map(([lo, hi]) => `${lo}:${hi}`).join(',');
export const barrierOf = (name: string): Network => toNetwork(JSON.parse(readFileSync(new URL(CANDIDATES[name].file, import.meta.url), 'utf8')), CANDIDATES[name].file);

const point = (x: Fraction[]) => `(${x.map((v) => v.toFraction()).join(', ')})`;

export type Answer = Awaited<ReturnType<typeof invariance>>;

export interface Examined {
  lines: string[];
  answer: Answer;
  barrier: Network;
  loop: Network;
  /** The certificate's check (when one was asked for). */
  checked?: boolean;
  /** When S is not invariant but c* < 0 is attained by no bad point: the barrier B − c*, re-asked. */
  shifted?: { answer: Answer; checked?: boolean };
}

/** B − c, exactly (the output bias moved): its zero sub-level set is {B <= c}. */
export function shiftedBarrier(B: Network, c: Fraction): Network {
  const last = B.layers[B.layers.length - 1];
  return { ...B, layers: [...B.layers.slice(0, -1), { ...last, bias: [sub(last.bias[0], toRational(c, 'c'))] }] };
}

/** The checks: a candidate on the loop it was trained for, or (`/weak`) on the weaker pendulum. */
export const CHECKS: Record<string, { candidate: string; system: BarrierSystem }> = {
  ...Object.fromEntries(Object.entries(CANDIDATES).map(([name, c]) => [name, { candidate: name, system: c.system }])),
  'pendulum-16x16/weak': { candidate: 'pendulum-16x16', system: weakPendulum },
};

/** Every question on one candidate and loop (CHECKS), as printed lines (exact numbers). */
export async function examine(check: string, o: { certify?: boolean } = {}): Promise<Examined> {
  const certify = o.certify ?? true;
  const { candidate: name, system } = CHECKS[check];
  const { file, options } = CANDIDATES[name];
  const B = barrierOf(name);
  const G = loopOf(system);
  const certificate: object[] = [];
  const a = await invariance(B, G, {
    domain: boxOf(system),
    unsafe: system.unsafe,
    initial: system.initial,
    level: true,
    onPiece: () => {},
    certificate: certify ? (line) => certificate.push(line) : undefined,
  });
  const lines = [`${file} on the ${system.name} (|u| <= ${system.umax}), barrier ${options.hidden.join('×')}: ${a.regions} regions of (B, B∘G, G)`];
  lines.push(`  invariant: ${a.invariant}`);
  if (a.counterexample) {
    const w = a.counterexample;
    lines.push(`  counterexample (${w.reason === 'barrier' ? 'B(G(x)) > 0' : `G(x) leaves D, row ${w.row}`}): x = ${point(w.x)}`);
    lines.push(`    B(x) = ${w.B.toFraction()}, G(x) = ${point(w.G)}, B(G(x)) = ${w.BG.toFraction()}`);
  }
  lines.push(`  safe (S misses U): ${a.safe}; initial set inside S: ${a.initialInside}`);
  if (a.level) lines.push(`  certified level c* = ${a.level.value === null ? 'none' : a.level.value.toFraction()} (${a.level.closed ? '{B <= c*}' : '{B < c*}'} is forward invariant)`);
  lines.push(`  C = S ∩ {B(G(x)) <= B(x)}: ${a.pieces} pieces`);
  const answer: Examined = { lines, answer: a, barrier: B, loop: G };
  if (certify) {
    const proves = Object.keys(a.certified ?? {}).join(', ') || 'nothing';
    if (a.certified) {
      const c = checkCertificate(B, certificate, { dynamics: G });
      answer.checked = c.valid;
      lines.push(`  certificate (${certificate.length} lines, proves: ${proves}): ${c.valid ? 'checked, valid' : `INVALID: ${c.reason}`}`);
    } else lines.push('  no certificate: it proves nothing here');
  }
  // the paper's extraction: {B <= c*} is forward invariant, so B − c* is a barrier (if it is still safe and contains I)
  const L = a.level;
  if (a.invariant === false && L && L.value !== null && L.closed && L.value.compare(0) < 0) {
    const shifted = shiftedBarrier(B, L.value);
    const cert: object[] = [];
    const s = await invariance(shifted, G, { domain: boxOf(system), unsafe: system.unsafe, initial: system.initial, certificate: certify ? (line) => cert.push(line) : undefined });
    answer.shifted = { answer: s };
    let checked = '';
    if (certify && s.certified) {
      const c = checkCertificate(shifted, cert, { dynamics: G });
      answer.shifted.checked = c.valid;
      checked = `; certificate (proves: ${Object.keys(s.certified).join(', ')}): ${c.valid ? 'checked, valid' : `INVALID: ${c.reason}`}`;
    }
    lines.push(`  B − c*: invariant: ${s.invariant}; safe: ${s.safe}; initial set inside {B <= c*}: ${s.initialInside}${checked}`);
  }
  return answer;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const names = process.argv.slice(2);
  for (const name of names.length > 0 ? names : Object.keys(CHECKS)) console.log((await examine(name)).lines.join('\n'));
}
