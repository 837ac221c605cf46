/**
 * The doubles of a layer's pre-activations with their proven radius (enumerate/approx-rows.ts),
 * full and updated bit by bit, hold the exact rows of preActivations within the radius; the
 * lazy maps of NextLayerMaps are the exact maps up to their power-of-two scale, with the exact
 * maps' residues and merge hashes;
 * and approxSide (approx-side.ts) decides a sign only when the exact row has it on the whole box
 * it was given, and decides rows that keep clear of the box.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPattern, identityMap, preActivations, type IntAffine } from '../src/enumerate/affine.js';
import { mapHash, residueHash, residuesOf } from '../src/enumerate/map-residues.js';
import { approxFromExact, IncrementalApprox, magAt, radAt, type ApproxRows } from '../src/enumerate/approx-rows.js';
import { approxSide } from '../src/enumerate/approx-side.js';
import { NextLayerMaps, PackedMap } from '../src/enumerate/next-layer-maps.js';
import { fromDouble } from '../src/kernel/rational.js';
import type { IntLayer } from '../src/network/integer-network.js';
import { parseNetworkJson } from '../src/network/parse-json.js';
import { runEnumeration } from '../src/enumerate/run.js';

const runs = (n: number) => Math.max(1, Math.round(n * Number(process.env.PROPS_SCALE ?? 1)));
const absB = (v: bigint): bigint => (v < 0n ? -v : v);

/** |x − M/den| <= r, exactly (x, r doubles). */
function within(x: number, M: bigint, den: bigint, r: number): boolean {
  const X = fromDouble(x);
  const R = fromDouble(r);
  // |X.n/X.d − M/den| <= R.n/R.d  ⇔  |X.n·den − M·X.d|·R.d <= R.n·X.d·den
  return absB(X.n * den - M * X.d) * R.d <= R.n * X.d * den;
}

function checkRows(approx: ApproxRows, exact: IntAffine, d: number): void {
  const n = exact.M.length;
  expect(approx.n).toBe(n);
  for (let j = 0; j < n; j++) {
    const rad = approx.v[radAt(n, d) + j];
    let mag = 0;
    for (let k = 0; k <= d; k++) {
      const x = approx.v[j * (d + 1) + k];
      mag = Math.max(mag, Math.abs(x));
      expect(within(x, k < d ? exact.M[j][k] : exact.c[j], exact.den, rad)).toBe(true);
    }
    expect(approx.v[magAt(n, d) + j]).toBe(mag);
  }
}

/** A random stream of integers from fast-check's seeds. */
function source(seeds: Iterable<number>): (m: bigint) => bigint {
  const it = seeds[Symbol.iterator]();
  return (m: bigint) => BigInt(it.next().value! % Number(2n * m + 1n)) - m;
}

describe('approx-rows', () => {
  it('IncrementalApprox holds the exact pre-activations within its radius, bit pattern after bit pattern', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 80 }),
        fc.infiniteStream(fc.nat()),
        (d, nIn, n, layerShift, inShift, seeds) => {
          const rnd = source(seeds);
          // an input map with a power-of-two den, entries of up to 70 bits (a deeper layer's)
          const input: IntAffine = {
            M: Array.from({ length: nIn }, () => Array.from({ length: d }, () => rnd(1n << 30n) * (1n << 40n) + rnd(1n << 30n))),
            c: Array.from({ length: nIn }, () => rnd(1n << 60n)),
            den: 1n << BigInt(inShift),
          };
          // float weights: integers below 2^41 over a power of two (exact doubles)
          const layer: IntLayer = {
            W: Array.from({ length: n }, () => Array.from({ length: nIn }, () => (rnd(3n) === 0n ? 0n : rnd(1n << 41n)))),
            b: Array.from({ length: n }, () => rnd(1n << 41n)),
            den: 1n << BigInt(layerShift),
            relu: true,
          };
          const inp = approxFromExact(input, d)!;
          checkRows(inp, input, d);
          const inc = new IncrementalApprox(layer, inp, d);
          let prev = Uint8Array.from({ length: nIn }, () => Number(rnd(1n) > 0n));
          for (let t = 0; t < 90; t++) {
            // mostly one or two flips from the last pattern (updates), sometimes a new one, sometimes null
            let bits: Uint8Array | null;
            if (t % 30 === 29) bits = null;
            else if (t % 10 === 9) bits = prev = Uint8Array.from({ length: nIn }, () => Number(rnd(1n) > 0n));
            else {
              bits = prev = prev.slice();
              for (let f = Number(absB(rnd(1n))); f >= 0; f--) bits[Number(absB(rnd(1000n))) % nIn] ^= 1;
            }
            const a = inc.at(bits)!;
            checkRows(a, preActivations(layer, input, d, bits), d);
          }
        },
      ),
      { numRuns: runs(60) },
    );
  });

  it('a lazy map of NextLayerMaps is the exact map, row by row and whole', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 6 }), fc.infiniteStream(fc.nat()), (d, nIn, n, seeds) => {
        const rnd = source(seeds);
        const first: IntLayer = {
          W: Array.from({ length: nIn }, () => Array.from({ length: d }, () => rnd(1n << 30n))),
          b: Array.from({ length: nIn }, () => rnd(1n << 30n)),
          den: 1n << 20n,
          relu: true,
        };
        const layer: IntLayer = {
          W: Array.from({ length: n }, () => Array.from({ length: nIn }, () => rnd(1n << 30n))),
          b: Array.from({ length: n }, () => rnd(1n << 30n)),
          den: 1n << 25n,
          relu: true,
        };
        const input = preActivations(first, identityMap(d), d);
        const next = new NextLayerMaps(layer, input, d, { lazy: true, approx: true, residues: true });
        const maps: { m: IntAffine; bits: Uint8Array }[] = [];
        for (let t = 0; t < 8; t++) {
          const bits = Uint8Array.from({ length: nIn }, () => Number(rnd(2n) > 0n));
          maps.push({ m: next.map(bits), bits });
        }
        // read in another order than made: each map's sums are asked for later, incrementally
        for (const { m, bits } of maps.reverse()) {
          expect(m).toBeInstanceOf(PackedMap);
          const exact = preActivations(layer, input, d, bits);
          const lazy = m as PackedMap;
          const j = Number(absB(rnd(1000n))) % n;
          const row = [...lazy.row(j), lazy.constant(j)]; // one row first
          const want = [...exact.M[j], exact.c[j]];
          row.forEach((v, k) => expect(v * exact.den).toBe(want[k] * lazy.den));
          for (let i = 0; i < n; i++) {
            for (let k = 0; k < d; k++) expect(lazy.M[i][k] * exact.den).toBe(exact.M[i][k] * lazy.den);
            expect(lazy.c[i] * exact.den).toBe(exact.c[i] * lazy.den);
          }
          checkRows(lazy.approx!, exact, d);
          // the residues kept bit by bit are those of the exact map, and hash as its exact entries do
          expect(Array.from(lazy.residues!.r)).toEqual(Array.from(residuesOf(exact, d)!.r));
          const reluBits = Uint8Array.from({ length: n }, () => Number(rnd(1n) > 0n));
          expect(residueHash(lazy.residues!, reluBits)).toBe(mapHash(applyPattern(exact, reluBits), d));
        }
      }),
      { numRuns: runs(100) },
    );
  });

  it('approxSide decides only signs the exact row has on the whole box, and decides rows clear of it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 50 }),
        fc.double({ min: 0, max: 1e-6, noNaN: true }),
        fc.double({ min: 0, max: 1e-3, noNaN: true }),
        fc.infiniteStream(fc.nat()),
        (d, shift, radRel, Rbox, seeds) => {
          const rnd = source(seeds);
          const den = 1n << BigInt(shift);
          const g = Array.from({ length: d }, () => rnd(1n << 50n));
          const c = Float64Array.from({ length: d }, () => Number(rnd(1000n)) / 1000);
          const w = Float64Array.from({ length: d }, () => Number(absB(rnd(1000n))) / 4000);
          // half the time the hyperplane passes within a few radii of a corner of the box
          let e = rnd(1n << 52n);
          if (rnd(1n) > 0n) {
            const corner = g.reduce((s, gk, k) => s + Number(gk) * (c[k] + (rnd(1n) > 0n ? 1 : -1) * (w[k] + Rbox)), 0);
            const top = Math.max(...g.map((x) => Math.abs(Number(x))), 1);
            e = BigInt(Math.round(-corner + (Number(rnd(3000n)) / 1000) * (radRel + 1e-15) * top * (1 + d)));
          }
          const exact: IntAffine = { M: [g], c: [e], den };
          // doubles of the row moved by up to the radius they are given
          const base = approxFromExact(exact, d)!;
          const v = base.v.slice();
          const rad = v[radAt(1, d)] + radRel * v[magAt(1, d)];
          v[radAt(1, d)] = rad;
          for (let k = 0; k <= d; k++) v[k] += (Number(rnd(1000n)) / 1000) * (rad - base.v[radAt(1, d)]);
          const rows: ApproxRows = { v, n: 1 };
          const side = approxSide({ c, w, R: Rbox }, rows, 0, Number(den), d);
          // the exact h at every corner of [c − w − R, c + w + R] (h is affine: its extremes are there)
          const signs = new Set<number>();
          for (let corner = 0; corner < 1 << d; corner++) {
            let num = e; // h·Q over the common denominator Q of the corner's coordinates
            let Q = 1n;
            const xs = Array.from({ length: d }, (_, k) => {
              const hw = fromDouble(w[k]);
              const r = fromDouble(Rbox);
              const ck = fromDouble(c[k]);
              const s = (corner >> k) & 1 ? 1n : -1n;
              // c + s(w + R) over den ck.d·hw.d·r.d
              const dd = ck.d * hw.d * r.d;
              return { n: ck.n * hw.d * r.d + s * (hw.n * ck.d * r.d + r.n * ck.d * hw.d), d: dd };
            });
            for (const x of xs) Q *= x.d;
            num *= Q;
            xs.forEach((x, k) => (num += g[k] * x.n * (Q / x.d)));
            signs.add(num > 0n ? 1 : num < 0n ? -1 : 0);
          }
          if (side !== 0) expect([...signs]).toEqual([side]);
          // clear of the box by a margin of 1e-6 of the row's size: decided
          const gd = g.map(Number);
          const hc = Number(e) + gd.reduce((s, gk, k) => s + gk * c[k], 0);
          const reach = gd.reduce((s, gk, k) => s + Math.abs(gk) * (w[k] + Rbox), 0);
          const size = Math.abs(Number(e)) + gd.reduce((s, gk, k) => s + Math.abs(gk) * (Math.abs(c[k]) + w[k] + Rbox), 0);
          const top = Math.max(Math.abs(Number(e)), ...gd.map(Math.abs));
          const boxAbs = gd.reduce((s, _, k) => s + Math.abs(c[k]) + w[k] + Rbox, 0);
          const margin = 1e-6 * size + 2 * (radRel + 1e-12) * top * (1 + boxAbs);
          if (g.some((x) => x !== 0n) && Math.abs(hc) - reach > margin) expect(side).toBe(Math.sign(hc));
        },
      ),
      { numRuns: runs(300) },
    );
  });

  it('a later layer with a weight beyond doubles gets no doubles (exact rows only) and is counted as by the LP engine', async () => {
    // 1e400 is an exact rational weight whose Number is Infinity: approx-rows must not convert it
    const net = parseNetworkJson(
      JSON.stringify({
        inputSize: 2,
        layers: [
          { weights: [[1, 1], [1, -1]], bias: [0, 0.5] },
          { weights: [['1e400', 0.25], [2, 1]], bias: [0, 0] },
          { weights: [[1, 1]], bias: [0], activation: 'linear' },
        ],
      }),
    );
    const vertex = await runEnumeration(net, { engine: 'vertex', merge: true });
    const lp = await runEnumeration(net, { engine: 'lp', merge: true });
    expect(vertex.activationRegions).toBe(lp.activationRegions);
    expect(vertex.linearRegions).toBe(lp.linearRegions);
    expect(vertex.activationRegions).toBeGreaterThan(1);
  });
});
