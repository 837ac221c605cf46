/**
 * The exact pieces of the star engine and its certificates (certify/verdict-star.ts,
 * verify/star-lp.ts) and the linear-bounds additions they use: the Neumaier–Shcherbina bound is
 * below the exact LP minimum for ANY multipliers >= 0 and tight with the float LP's; lowerDouble /
 * upperDouble enclose the rational; linearBounds' affine bound (coef, beta) holds at points of the
 * box, also with `known` neuron bounds of a sub-box (at that sub-box's points) and with a first
 * layer registered by presetLayer from huge integers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearBounds, presetLayer } from '../src/certify/linear-bounds.js';
import { atomRow, boxRows, compose, dyadic, exactBox, identity, lowerDouble, nsLower, primitiveRow, splitRows, upperDouble, type Pairs } from '../src/certify/star-exact.js';
import { checkVerdictCertificate } from '../src/certify/verdict-checker.js';
import type { AffineProperty } from '../src/certify/verdict-format.js';
import { exactClosedFeasible } from '../src/lp/exact-simplex.js';
import { toIntegerLayers } from '../src/network/integer-network.js';
import { verdictHeader } from '../src/verify/verdict-writer.js';
import { add, cmp, fromDouble, mul, rat, ZERO, type Rational } from '../src/kernel/rational.js';
import { maximize } from '../src/lp/optimize.js';
import { forward } from '../src/network/forward.js';
import type { Layer, Network } from '../src/network/network.js';
import { networkArb, pointInBoxArb } from '../src/testing/arbitraries.js';
import { StarLp, starRow } from '../src/verify/star-lp.js';

const le = (a: Rational, b: Rational) => cmp(a, b) <= 0;
const exactOf = (v: number): Rational => fromDouble(v);

describe('nsLower (Neumaier–Shcherbina)', () => {
  const rowsArb = fc.array(fc.tuple(fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 3, maxLength: 3 }), fc.integer({ min: -5, max: 9 })), { minLength: 1, maxLength: 6 });
  it('is below the exact minimum over the polytope for any multipliers >= 0, and tight with the LP proposal', async () => {
    await fc.assert(
      fc.property(
        rowsArb,
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 6, maxLength: 6 }),
        (raw, c, ys) => {
          const box = exactBox([rat(-1n), rat(-1n, 2n), rat(0n)], [rat(1n), rat(3n, 4n), rat(2n)]);
          const rows = raw.map(([a, b]) => primitiveRow(a.map(BigInt), BigInt(b)));
          const all = [...boxRows(box), ...rows];
          const cb = c.map(BigInt);
          const ex = maximize(
            all.map((r) => r.a),
            all.map((r) => r.b),
            cb.map((v) => -v),
          );
          if (ex.kind !== 'optimal') return; // empty polytope (any bound holds vacuously)
          const min = { n: -ex.value.n, d: ex.value.d }; // min c·x
          const pairs: Pairs = rows.map((_, t) => [t, ys[t]]);
          expect(le(nsLower(box, rows, cb, 1n, pairs), min)).toBe(true);
          expect(le(nsLower(box, rows, cb, 1n, []), min)).toBe(true);
          const lp = new StarLp(box, { lps: 0 });
          const proposed = lp.minimize(rows.map(starRow), cb, 1n);
          if (proposed === 'empty') return;
          expect(le(proposed.bound, min)).toBe(true);
          // the float dual gives (nearly) the exact minimum
          const gap = add(min, { n: -proposed.bound.n, d: proposed.bound.d });
          expect(cmp(gap, rat(1n, 1000000n))).toBeLessThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('dyadic is exact', () => {
    for (const v of [0.1, 1e-300, 3, 2 ** -1074, 123456.789]) {
      const { m, e } = dyadic(v);
      expect(cmp({ n: m, d: 1n << BigInt(e) }, fromDouble(v))).toBe(0);
    }
  });
});

describe('lowerDouble / upperDouble', () => {
  it('enclose the rational, small and huge', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 1100n), max: 2n ** 1100n }), fc.bigInt({ min: 1n, max: 2n ** 1100n }), fc.integer({ min: 0, max: 1200 }), (n, d, s) => {
        for (const r of [
          { n, d },
          { n, d: d << BigInt(s) },
          { n: n >> BigInt(s), d },
        ]) {
          const lo = lowerDouble(r);
          const hi = upperDouble(r);
          if (Number.isFinite(lo)) expect(le(exactOf(lo), r)).toBe(true);
          if (Number.isFinite(hi)) expect(le(r, exactOf(hi))).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('linearBounds: coef and beta, known bounds, preset layers', () => {
  const dot = (c: Rational[], y: Rational[]) => c.reduce((s, ci, i) => add(s, mul(ci, y[i])), ZERO);
  const netArb = networkArb({ inputSize: 2, widths: fc.constantFrom([4, 3, 1], [3, 3, 2]), weights: 'float32', lastLayer: 'linear' });
  const lo = [rat(-1n), rat(-1n)];
  const hi = [rat(1n), rat(1n)];
  const sub = { lo: [rat(-1n, 4n), rat(0n)], hi: [rat(1n, 2n), rat(1n, 8n)] };

  it('coef·(x − lo) + beta <= c·y + k on the box; with a sub-box’s neuron bounds as known, on the sub-box', async () => {
    await fc.assert(
      fc.property(netArb, fc.array(pointInBoxArb(sub.lo, sub.hi), { minLength: 3, maxLength: 3 }), (n, points) => {
        const outs = n.layers[n.layers.length - 1].weights.length;
        const obj = { c: Array.from({ length: outs }, (_, o) => rat(o === 0 ? 1n : -1n)), k: rat(1n, 3n) };
        const tight = linearBounds(n, sub.lo, sub.hi, [obj], { refine: true });
        const known = tight.neurons ? { l: tight.neurons.l, u: tight.neurons.u } : undefined;
        for (const opts of [{ refine: true }, { refine: true, known }]) {
          const [b] = linearBounds(n, lo, hi, [obj], opts).bounds;
          if (!Number.isFinite(b.bound)) continue;
          for (const x of points) {
            // Λ·(x − lo) + β, exactly
            let v = exactOf(b.beta!);
            b.coef.forEach((c, i) => (v = add(v, mul(exactOf(c), add(x[i], { n: -lo[i].n, d: lo[i].d })))));
            const y = forward(n, x).output;
            expect(le(v, add(dot(obj.c, y), obj.k))).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a first layer registered from huge integers (presetLayer) gives sound bounds', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(2n ** 120n), max: 2n ** 120n }), { minLength: 9, maxLength: 9 }), fc.array(pointInBoxArb(lo, hi), { minLength: 3, maxLength: 3 }), (v, points) => {
        const den = 2n ** 118n;
        const W = [v.slice(0, 2), v.slice(2, 4), v.slice(4, 6)];
        const b = v.slice(6, 9);
        const first: Layer = { weights: W.map((r) => r.map((x) => rat(x, den))), bias: b.map((x) => rat(x, den)), activation: 'relu' };
        const preset: Layer = { ...first };
        expect(presetLayer(preset, W, b, den)).toBe(true);
        const out: Layer = { weights: [[rat(1n), rat(-2n), rat(1n, 3n)]], bias: [rat(0n)], activation: 'linear' };
        const obj = { c: [rat(1n)], k: rat(0n) };
        const nets: Network[] = [
          { inputSize: 2, layers: [first, out] },
          { inputSize: 2, layers: [preset, out] },
        ];
        for (const n of nets) {
          const [r] = linearBounds(n, lo, hi, [obj], { refine: true }).bounds;
          for (const x of points) if (Number.isFinite(r.bound)) expect(le(exactOf(r.bound), forward(nets[0], x).output[0])).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('star certificates: a hand-made tree with an empty cell', () => {
  // y = ReLU(x) + ReLU(x + 1/2) on [-1, 1]; unsafe: Y_0 >= 100 (unsat, max y = 5/2)
  const n: Network = {
    inputSize: 1,
    layers: [
      { weights: [[rat(1n)], [rat(1n)]], bias: [rat(0n), rat(1n, 2n)], activation: 'relu' },
      { weights: [[rat(1n), rat(1n)]], bias: [rat(0n)], activation: 'linear' },
    ],
  };
  const prop: AffineProperty = { lo: [rat(-1n)], hi: [rat(1n)], unsafe: [[{ c: [rat(-1n)], a: [rat(0n)], k: rat(100n) }]] };
  const box = exactBox(prop.lo, prop.hi);
  const layers = toIntegerLayers(n);
  const pre0 = compose(layers[0], identity(1), 1, null);
  const rows = (...bits: [number, 0 | 1][]) => [
    ...boxRows(box),
    ...bits.map(([j, b]) => {
      const r = splitRows(pre0.M[j], pre0.c[j]);
      return b ? r.active : r.inactive;
    }),
  ];
  const farkas = (rs: { a: bigint[]; b: bigint }[]) => {
    const ans = exactClosedFeasible({ d: 1, a: rs.map((r) => r.a), b: rs.map((r) => r.b) });
    if (ans.kind !== 'infeasible') throw new Error('feasible');
    return ans.y.flatMap((y, i) => (y === 0n ? [] : [[i, y.toString()]]));
  };
  const leaf = (bits: [number, 0 | 1][]) => {
    const out = compose(layers[1], pre0, 1, Uint8Array.from([bits.find(([j]) => j === 0)![1], bits.find(([j]) => j === 1)![1]]));
    return { t: 'leaf', farkas: [farkas([...rows(...bits), atomRow(prop.unsafe[0][0], out)])] };
  };
  const lines = (): any[] => [
    verdictHeader(n, prop),
    { t: 'star' },
    { t: 'bounds', n: [] },
    { t: 'split', neuron: 0 },
    { t: 'bounds', n: [] },
    { t: 'split', neuron: 1 },
    { t: 'next' },
    leaf([[0, 1], [1, 1]]),
    { t: 'empty', farkas: farkas(rows([0, 1], [1, 0])) },
    { t: 'bounds', n: [] },
    { t: 'split', neuron: 1 },
    { t: 'next' },
    leaf([[0, 0], [1, 1]]),
    { t: 'next' },
    leaf([[0, 0], [1, 0]]),
    { t: 'end', verdict: 'unsat', boxes: 1, pruned: 0, enumerated: 0, regions: 0 },
  ];
  const check = (ls: object[]) => checkVerdictCertificate(n, prop, ls.map((l) => JSON.stringify(l)));

  it('checks; an empty line on a nonempty cell, or with a bad certificate, is rejected', () => {
    expect(check(lines())).toMatchObject({ valid: true, verdict: 'unsat' });
    const a = lines();
    a[8] = { t: 'empty', farkas: (a[8].farkas as [number, string][]).map(([i, y]) => [i, (BigInt(y) * 2n).toString()]) };
    expect(check(a)).toMatchObject({ valid: true }); // a positive multiple is a certificate too
    const b = lines();
    (b[8].farkas as unknown[]).pop();
    expect(check(b)).toMatchObject({ valid: false, line: 9 });
    const c = lines();
    c[7] = { t: 'empty', farkas: c[8].farkas }; // the (nonempty) active-active cell
    expect(check(c)).toMatchObject({ valid: false, line: 8 });
    const d = lines();
    d.splice(6, 1); // no `next`: a leaf before the output
    expect(check(d)).toMatchObject({ valid: false, line: 7 });
  });
});
