/**
 * Range certificates of random small nets check as valid, state the exact range (as outputRange
 * computes it without a certificate), and every tampering that makes them false is caught by the
 * independent range checker.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MutationTally } from '../test/helpers/mutation.js';
import { mulberry32, pick, type Rand } from '../test/helpers/random.js';
import type { RangeCertificateLine } from '../src/certify/format.js';
import { checkRangeCertificate } from '../src/certify/range-checker.js';
import { add, cmp, eq, mul, neg, parseRational, rat, toString, ZERO, type Rational } from '../src/kernel/rational.js';
import { forward } from '../src/network/forward.js';
import type { Network } from '../src/network/network.js';
import { boxDomainArb, networkArb, rationalArb, widthsArb } from '../src/testing/arbitraries.js';
import { outputRange } from '../src/verify/region-queries.js';

type Node = Record<string, any>;

const R = (s: string): Rational => parseRational(s)!;
const shift = (s: string, by: Rational): string => toString(add(R(s), by));
const TINY = rat(1n, 1_000_000n);

/** The objective's exact value c·f(x). */
const value = (n: Network, c: string[], x: string[]): Rational =>
  forward(n, x.map(R)).output.reduce((s, y, k) => add(s, mul(R(c[k]), y)), ZERO);

/** Region leaves with a nonempty `upper` or `lower`, as [line index, field]. */
const duals = (c: Node[]): [number, 'upper' | 'lower'][] =>
  c.flatMap((l, i) => (l.t === 'region' ? (['upper', 'lower'] as const).filter((f) => l[f].length > 0).map((f): [number, 'upper' | 'lower'] => [i, f]) : []));

/**
 * Each tampering changes a copy of the certificate (of net n) so that what it states is false or
 * unproved, or returns null when the certificate has nothing to tamper with of that kind.
 */
const TAMPERINGS: Record<string, (c: Node[], rnd: Rand, n: Network) => Node[] | null> = {
  'lower max': (c) => ((c.at(-1)!.max = shift(c.at(-1)!.max, neg(TINY))), c),
  'raise max': (c) => ((c.at(-1)!.max = shift(c.at(-1)!.max, TINY)), c),
  'raise min': (c) => ((c.at(-1)!.min = shift(c.at(-1)!.min, TINY)), c),
  'lower min': (c) => ((c.at(-1)!.min = shift(c.at(-1)!.min, neg(TINY))), c),
  'change a dual multiplier': (c, rnd) => {
    const ds = duals(c);
    if (ds.length === 0) return null;
    const [i, f] = pick(ds, rnd);
    const pair = pick(c[i][f] as [number, string][], rnd);
    pair[1] = rnd() < 0.5 ? toString(mul(R(pair[1]), rat(2n))) : shift(pair[1], rat(1n, 3n));
    return c;
  },
  "drop a pair from a region's upper": (c, rnd) => {
    const ds = duals(c).filter(([, f]) => f === 'upper');
    if (ds.length === 0) return null;
    const [i] = pick(ds, rnd);
    c[i].upper.splice(Math.floor(rnd() * c[i].upper.length), 1);
    return c;
  },
  'make a multiplier negative': (c, rnd) => {
    const ds = duals(c);
    if (ds.length === 0) return null;
    const [i, f] = pick(ds, rnd);
    const pair = pick(c[i][f] as [number, string][], rnd);
    pair[1] = toString(neg(R(pair[1])));
    return c;
  },
  'move argmax': (c, rnd, n) => {
    const foot = c.at(-1)!;
    const objective: string[] = c[0].objective;
    // other points of the domain where c·f is below max (region witnesses), or a point outside the box
    const inside = c.filter((l) => l.t === 'region').map((l) => l.witness as string[]);
    const worse = inside.filter((x) => !eq(value(n, objective, x), R(foot.max)));
    const outside = c[0].domain.kind === 'box' ? [c[0].domain.hi.map((h: string) => shift(h, TINY))] : [];
    const candidates = [...worse, ...outside];
    if (candidates.length === 0) return null;
    foot.argmax = pick(candidates, rnd);
    return c;
  },
  'change the objective in the header': (c, rnd) => {
    const regions = c.filter((l) => l.t === 'region');
    // output k identically 0 on the domain: c + e_k is the same objective there (nothing changes)
    const live: number[] = c[0].objective.flatMap((_: string, k: number) =>
      regions.some((l) => R(l.map.c[k]).n !== 0n || l.map.W[k].some((w: string) => R(w).n !== 0n)) ? [k] : [],
    );
    if (live.length === 0) return null;
    const k = pick(live, rnd);
    c[0].objective[k] = shift(c[0].objective[k], rnd() < 0.5 ? rat(1n) : rat(-1n, 3n));
    return c;
  },
};

const tally = new MutationTally(Object.keys(TAMPERINGS));
const escaped = tally.escaped;
const check = (n: Network, cert: Node[]) => checkRangeCertificate(n, null, cert.map((l) => JSON.stringify(l)));

function tamperAll(n: Network, cert: Node[], rnd: Rand, perKind: number): void {
  for (const [kind, tamper] of Object.entries(TAMPERINGS)) {
    for (let t = 0; t < perKind; t++) {
      const bad = tamper(structuredClone(cert), rnd, n);
      if (!bad) break;
      tally.record(kind, check(n, bad), () => JSON.stringify(bad));
    }
  }
}

const hidden = widthsArb({ minDepth: 1, maxDepth: 2, minWidth: 2, maxWidth: 4 });
const netArb = (d: number) =>
  fc.oneof(
    networkArb({ inputSize: d, widths: fc.tuple(hidden, fc.integer({ min: 1, max: 2 })).map(([h, o]) => [...h, o]), lastLayer: 'linear' }),
    networkArb({ inputSize: d, widths: hidden, weights: 'rational' }),
  );
/** A net, its domain (default [-1,1]^d or a random box), the engine, a seed, and an objective over its outputs. */
const caseArb = fc.integer({ min: 1, max: 3 }).chain((d) =>
  fc
    .tuple(netArb(d), fc.option(boxDomainArb(d), { nil: undefined }), fc.constantFrom<('lp' | undefined)[]>(undefined, 'lp'), fc.integer())
    .chain(([net, domain, engine, seed]) => {
      const outputs = net.layers.at(-1)!.weights.length;
      return fc
        .array(rationalArb({ min: -2, max: 2, maxDen: 5 }), { minLength: outputs, maxLength: outputs })
        .map((objective) => ({ net, domain, engine, seed, objective }));
    }),
);

describe('range certificates: valid as written, exact, every tampering rejected', () => {
  it('random small nets (d = 1..3, 1-2 hidden layers of width 2..4), boxes, both engines', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ net: n, domain, engine, seed, objective }) => {
        const cert: Node[] = [];
        const r = await outputRange(n, objective, domain, { engine, certificate: (line: RangeCertificateLine) => cert.push(line) });
        const plain = await outputRange(n, objective, domain);
        const c = check(n, cert);
        expect(c).toMatchObject({ valid: true, regions: r.regions, min: toString(plain.min.value), max: toString(plain.max.value) });
        expect(cmp(r.min.value, r.max.value)).toBeLessThanOrEqual(0);
        tamperAll(n, cert, mulberry32(seed), 2);
        expect(escaped).toEqual([]);
      }),
      { numRuns: 40 },
    );
    console.log(`range tamperings rejected/tried: ${tally.table()}`);
    tally.expectAllRejected();
  });
});
