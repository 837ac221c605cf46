import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, cmp, fromDouble, mul, rat, sub, toDouble, ZERO, type Rational } from '../src/kernel/rational.js';
import { forward } from '../src/network/forward.js';
import { toIntegerLayers } from '../src/network/integer-network.js';
import { loadNetwork } from '../src/network/load.js';
import type { Network } from '../src/network/network.js';
import { boxDomainArb, float32Arb, networkArb, pointInBoxArb, rationalArb, widthsArb } from '../src/testing/arbitraries.js';
import { boxInterval, outputBounds } from './helpers/interval.js';
import { ratDown, ratUp, sumError } from '../src/certify/directed-rounding.js';
import { certifiedLowerBounds, linearBounds } from '../src/certify/linear-bounds.js';
import { outputRange } from '../src/verify/region-queries.js';
import { loadVnnlib } from '../src/verify/vnnlib.js';
import { layer, net } from './helpers/nets.js';

const dot = (c: Rational[], y: Rational[]): Rational => c.reduce((s, ci, i) => add(s, mul(ci, y[i])), ZERO);
/** bound <= exact, decided exactly (every finite double is a rational; −Infinity is below all). */
const atMost = (bound: number, exact: Rational): boolean => bound === -Infinity || (Number.isFinite(bound) && cmp(fromDouble(bound), exact) <= 0);
const outputsOf = (n: Network) => n.layers[n.layers.length - 1].weights.length;

interface Case {
  n: Network;
  lo: Rational[];
  hi: Rational[];
  objectives: { c: Rational[]; k: Rational }[];
}

/** Random small nets (d 1..3, float32 or non-dyadic rational weights), boxes and objectives. */
const caseArb = (weights: 'float32' | 'rational'): fc.Arbitrary<Case> =>
  fc
    .record({
      d: fc.integer({ min: 1, max: 3 }),
      widths: widthsArb({ minDepth: 1, maxDepth: 3, maxWidth: 4 }),
      last: fc.constantFrom('relu' as const, 'linear' as const),
    })
    .chain(({ d, widths, last }) =>
      networkArb({ inputSize: d, widths, weights, lastLayer: last }).chain((n) => {
        const objective = fc.record({
          c: fc.array(rationalArb({ min: -2, max: 2, maxDen: 5 }), { minLength: outputsOf(n), maxLength: outputsOf(n) }),
          k: rationalArb({ min: -1, max: 1, maxDen: 7 }),
        });
        return fc
          .tuple(boxDomainArb(d), fc.array(objective, { minLength: 1, maxLength: 3 }))
          .map(([b, objectives]) => ({ n, lo: b.lo, hi: b.hi, objectives }));
      }),
    );

describe('certified linear bounds: soundness against the exact network', () => {
  for (const weights of ['float32', 'rational'] as const) {
    for (const refine of [false, true]) {
      it(`${weights} weights, refine ${refine}: bound <= the exact minimum (vertex enumeration) and <= c·y + k at random exact points`, async () => {
        await fc.assert(
          fc.asyncProperty(
            caseArb(weights).chain((cs) => fc.tuple(fc.constant(cs), fc.array(pointInBoxArb(cs.lo, cs.hi), { minLength: 1, maxLength: 5 }))),
            async ([{ n, lo, hi, objectives }, points]) => {
              const bounds = certifiedLowerBounds(n, lo, hi, objectives, { refine });
              for (const [j, { c, k }] of objectives.entries()) {
                const exactMin = add((await outputRange(n, c, { kind: 'box', lo, hi })).min.value, k);
                expect(atMost(bounds[j], exactMin), `bound ${bounds[j]} > exact min ${toDouble(exactMin)}`).toBe(true);
                for (const x of [...points, lo, hi]) expect(atMost(bounds[j], add(dot(c, forward(n, x).output), k))).toBe(true);
              }
            },
          ),
          { numRuns: 150 },
        );
      });
    }
  }

  it('a prior from a containing box keeps the bound sound; one from another box is ignored', async () => {
    await fc.assert(
      fc.asyncProperty(
        caseArb('float32')
          .chain((cs) => fc.tuple(fc.constant(cs), pointInBoxArb(cs.lo, cs.hi), pointInBoxArb(cs.lo, cs.hi)))
          .filter(([, p, q]) => p.every((v, i) => cmp(v, q[i]) !== 0)),
        async ([{ n, lo, hi, objectives }, p, q]) => {
          const parent = linearBounds(n, lo, hi, objectives, { refine: true });
          // the sub-box spanned by p and q
          const slo = p.map((v, i) => (cmp(v, q[i]) <= 0 ? v : q[i]));
          const shi = p.map((v, i) => (cmp(v, q[i]) <= 0 ? q[i] : v));
          const child = certifiedLowerBounds(n, slo, shi, objectives, { refine: true, prior: parent.neurons! });
          for (const [j, { c, k }] of objectives.entries()) {
            const exactMin = add((await outputRange(n, c, { kind: 'box', lo: slo, hi: shi })).min.value, k);
            expect(atMost(child[j], exactMin)).toBe(true);
          }
          // the child's bounds as a prior for the parent box: not containing it, so ignored
          const childRes = linearBounds(n, slo, shi, objectives, { refine: true });
          expect(certifiedLowerBounds(n, lo, hi, objectives, { refine: true, prior: childRes.neurons! })).toEqual(
            certifiedLowerBounds(n, lo, hi, objectives, { refine: true }),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('linear hidden layers are composed exactly (sound at points)', async () => {
    const n = net(2, layer([[1, '1/3'], ['-2/7', 1]], ['1/5', 0], 'linear'), layer([[1, -1], ['3/11', 1]], [0, '-1/9']), layer([[1, '-1/3']], [0], 'linear'));
    const lo = [rat(-1n), rat(-1n)];
    const hi = [rat(1n), rat(1n, 3n)];
    const c = [rat(1n)];
    const [b] = certifiedLowerBounds(n, lo, hi, [{ c, k: ZERO }], { refine: true });
    expect(atMost(b, (await outputRange(n, c, { kind: 'box', lo, hi })).min.value)).toBe(true);
    expect(b).toBeGreaterThan(-10);
  });

  it('overflow gives −Infinity, never a wrong finite number', () => {
    const big = '1' + '0'.repeat(200);
    const n = net(1, layer([[big]], [0]), layer([[big]], [0]), layer([[big]], [0]), layer([[-1]], [0], 'linear'));
    const [b] = certifiedLowerBounds(n, [rat(1n)], [rat(2n)], [{ c: [rat(1n)], k: ZERO }]);
    expect(b).toBe(-Infinity);
  });

  it("Lemma A: a float dot product is within sumError(Q, n) of the exact one (and one ulp would not do)", () => {
    const absR = (r: Rational): Rational => (r.n < 0n ? rat(-r.n, r.d) : r);
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e-300, max: 1e-300, noNaN: true })),
            float32Arb(4),
          ),
          { minLength: 1, maxLength: 60 },
        ),
        (terms) => {
          let s = 0;
          let exact = ZERO;
          let sumAbs = ZERO;
          for (const [a, b] of terms) {
            const bd = toDouble(b);
            s += a * bd;
            const p = mul(fromDouble(a), b);
            exact = add(exact, p);
            sumAbs = add(sumAbs, absR(p));
          }
          const e = fromDouble(sumError(ratUp(sumAbs), terms.length));
          expect(cmp(absR(sub(fromDouble(s), exact)), e)).toBeLessThanOrEqual(0);
        },
      ),
      { numRuns: 500 },
    );
    // cancellation: s = −2^-52 exactly, the true sum is −2^-52 − 2^-75; one ulp below s is not enough
    const a = [-(1 + 2 ** -52), 1];
    const b = [1 + 2 ** -23, 1 + 2 ** -23];
    const s = a[0] * b[0] + a[1] * b[1];
    const exact = add(mul(fromDouble(a[0]), fromDouble(b[0])), mul(fromDouble(a[1]), fromDouble(b[1])));
    expect(cmp(fromDouble(s - Math.abs(s) * 2 ** -52), exact)).toBe(1);
    expect(cmp(fromDouble(s - sumError(2.1, 2)), exact)).toBe(-1);
  });

  it('ratDown / ratUp enclose the exact rational', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          rationalArb({ min: -1000, max: 1000, maxDen: 1000 }),
          float32Arb(1e30),
          fc.tuple(fc.bigInt({ min: -(10n ** 400n), max: 10n ** 400n }), fc.bigInt({ min: 1n, max: 10n ** 400n })).map(([a, b]) => rat(a, b)),
        ),
        (r) => {
          const lo = ratDown(r);
          const hi = ratUp(r);
          expect(Number.isFinite(lo) ? cmp(fromDouble(lo), r) <= 0 : lo === -Infinity).toBe(true);
          expect(Number.isFinite(hi) ? cmp(fromDouble(hi), r) >= 0 : hi === Infinity).toBe(true);
          if (Number.isFinite(lo) && Number.isFinite(hi)) expect(hi - lo).toBeLessThanOrEqual(4 * Math.max(Number.MIN_VALUE, Math.abs(lo) * 2 ** -52));
        },
      ),
      { numRuns: 500 },
    );
    expect(ratDown(rat(1n, 3n))).toBeLessThan(ratUp(rat(1n, 3n)));
    expect(ratDown(rat(3n, 4n))).toBe(0.75);
    expect(ratUp(rat(3n, 4n))).toBe(0.75);
  });
});

describe('certified linear bounds: tightness', () => {
  it('on a net whose neurons are all active on the box, the bound is the exact minimum up to 1e-9', async () => {
    // nonnegative hidden weights and biases > d on [-1,1]^d keep every pre-activation positive
    const posLayer = (nIn: number, nOut: number) =>
      fc
        .tuple(
          fc.array(fc.array(float32Arb(1, { generic: true }).map((w) => (w.n < 0n ? rat(-w.n, w.d) : w)), { minLength: nIn, maxLength: nIn }), { minLength: nOut, maxLength: nOut }),
          fc.array(fc.integer({ min: 4, max: 8 }).map((b) => rat(BigInt(b))), { minLength: nOut, maxLength: nOut }),
        )
        .map(([weights, bias]) => ({ weights, bias, activation: 'relu' as const }));
    const arb = fc.integer({ min: 1, max: 3 }).chain((d) =>
      fc
        .tuple(posLayer(d, 3), posLayer(3, 3), networkArb({ inputSize: 3, widths: [2], weights: 'float32', lastLayer: 'linear' }))
        .map(([l1, l2, tail]): Network => ({ inputSize: d, layers: [l1, l2, ...tail.layers] })),
    );
    await fc.assert(
      fc.asyncProperty(arb, fc.array(rationalArb({ min: -2, max: 2, maxDen: 5 }), { minLength: 2, maxLength: 2 }), async (n, c) => {
        const d = n.inputSize;
        const lo = new Array(d).fill(rat(-1n));
        const hi = new Array(d).fill(rat(1n));
        const exact = (await outputRange(n, c, { kind: 'box', lo, hi })).min.value;
        for (const refine of [false, true]) {
          const [b] = certifiedLowerBounds(n, lo, hi, [{ c, k: ZERO }], { refine });
          expect(atMost(b, exact)).toBe(true);
          expect(toDouble(exact) - b).toBeLessThanOrEqual(1e-9);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('ACAS Xu 1_1 on the property-3 box: far tighter than exact interval bounds', () => {
    const file = (p: string) => new URL(`../../shared/acasxu/${p}`, import.meta.url).pathname;
    const n = loadNetwork(file('ACASXU_run2a_1_1_batch_2000.onnx'));
    const { lo, hi } = loadVnnlib(file('prop_3.vnnlib')).inputBox;
    const ib = outputBounds(toIntegerLayers(n), boxInterval(lo, hi));
    const yLo = (j: number) => rat(ib.lo[j], ib.den);
    const yHi = (j: number) => rat(ib.hi[j], ib.den);
    const unit = (j: number, s: bigint) => Array.from({ length: 5 }, (_, i) => rat(i === 0 ? s : i === j ? -s : 0n));
    const rows: string[] = [];
    for (const j of [1, 2, 3, 4]) {
      // Y_0 − Y_j (the atoms of property 3) and Y_j − Y_0
      const objectives = [
        { c: unit(j, 1n), k: ZERO },
        { c: unit(j, -1n), k: ZERO },
      ];
      const interval = [toDouble(sub(yLo(0), yHi(j))), toDouble(sub(yLo(j), yHi(0)))];
      const fwd = certifiedLowerBounds(n, lo, hi, objectives);
      const crown = certifiedLowerBounds(n, lo, hi, objectives, { refine: true });
      for (let s = 0; s < 2; s++) {
        expect(crown[s]).toBeGreaterThanOrEqual(fwd[s]);
        expect(crown[s]).toBeGreaterThan(interval[s] / 100); // both negative: >= 100x tighter
        rows.push(`${s === 0 ? `Y_0 - Y_${j}` : `Y_${j} - Y_0`}: interval ${interval[s].toFixed(3)}, forward ${fwd[s].toFixed(3)}, refined ${crown[s].toFixed(4)}`);
      }
      // sound at the box's centre
      const centre = lo.map((l, i) => mul(add(l, hi[i]), rat(1n, 2n)));
      const y = forward(n, centre).output;
      objectives.forEach((o, s) => expect(atMost(crown[s], dot(o.c, y))).toBe(true));
    }
    if (process.env.SHOW_BOUNDS) console.log(rows.join('\n'));
  });
});
