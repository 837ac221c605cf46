/**
 * Which degenerate features a network (and box) has: what degenerate.ts's generators aim for,
 * checked on what they produce (properties/degenerate.test.ts counts them).
 */
import { add, cmp, mul, neg, rat, ZERO, type Rational } from '../kernel/rational.js';
import type { Domain } from '../domain/domain.js';
import type { Network } from '../network/network.js';

const isPow2 = (d: bigint) => (d & (d - 1n)) === 0n;

/**
 * Every box of `degenerateBoxArb` lies in [-R, R]^d for this R (2^20 = 1048576), and the dead and
 * always-active neurons of `degenerateNetworkArb`'s first layer are so on all of [-R, R]^d
 * (deeper ones are so on the whole space: non-positive weights on ReLU outputs, negative bias).
 */
export const DEGENERATE_BOX_BOUND: Rational = rat(1n << 20n);
const R = DEGENERATE_BOX_BOUND;

/**
 * The common point's coordinates (a concurrent layer's hyperplanes all pass through it). -1/2
 * before 1/3: a shrink from 1/3 tries -1/2 before giving up, so biases end as halves.
 */
export const POINT_COORDS: readonly Rational[] = [ZERO, rat(-1n, 2n), rat(1n, 3n)];

export const dot = (row: Rational[], h: Rational[]) => row.reduce((s, w, i) => add(s, mul(w, h[i])), ZERO);
export const absR = (v: Rational): Rational => (v.n < 0n ? neg(v) : v);

export type DegenerateFeature =
  | 'duplicate' // two neurons of a layer with the same row and bias (nonzero row)
  | 'negated' // row and bias of another neuron of the layer, negated
  | 'rescaled' // c·(row, bias) of another neuron of the layer, c not ±1
  | 'zero-row' // all-zero weights: a constant neuron
  | 'constant-nonzero' // a zero row with a nonzero bias
  | 'dead' // negative on the whole box (interval bounds)
  | 'always-active' // positive on the whole box (interval bounds)
  | 'concurrent' // more than d (and at least 3) hyperplanes through one point
  | 'extreme-weights' // some |weight or bias| >= 1e20 or 0 < |.| <= 1e-20
  | 'deep-narrow' // >= 4 layers, all of width <= 2
  | 'wide-shallow'; // <= 2 layers, one of width >= 8

const isZeroRow = (row: Rational[]) => row.every((w) => w.n === 0n);

/** c with (row2, b2) = c·(row1, b1), or null (row1 nonzero). */
function ratio(row1: Rational[], b1: Rational, row2: Rational[], b2: Rational): Rational | null {
  const i = row1.findIndex((w) => w.n !== 0n);
  if (i < 0) return null;
  const c = rat(row2[i].n * row1[i].d, row2[i].d * row1[i].n);
  const same = (a: Rational, b: Rational) => cmp(mul(a, c), b) === 0;
  return row1.every((w, k) => same(w, row2[k])) && same(b1, b2) ? c : null;
}

/**
 * The degenerate features a network has, on `box` (default [-R, R]^d). Dead/always-active use
 * exact interval bounds (sound, not complete); "concurrent" looks for points with coordinates in
 * {0, -1/2, 1/3} (those `degenerateNetworkArb` uses) where more than d neurons' pre-activations,
 * pairwise not multiples of each other within a layer, vanish.
 */
export function degenerateFeatures(net: Network, box?: Domain & { kind: 'box' }): Set<DegenerateFeature> {
  const f = new Set<DegenerateFeature>();
  const d = net.inputSize;
  const widths = net.layers.map((l) => l.weights.length);
  if (widths.length >= 4 && Math.max(...widths) <= 2) f.add('deep-narrow');
  if (widths.length <= 2 && Math.max(...widths) >= 8) f.add('wide-shallow');
  const big = rat(10n ** 20n);
  const small = rat(1n, 10n ** 20n);
  let lo = box ? box.lo : Array<Rational>(d).fill(neg(R));
  let hi = box ? box.hi : Array<Rational>(d).fill(R);
  net.layers.forEach((layer) => {
    const nlo: Rational[] = [];
    const nhi: Rational[] = [];
    layer.weights.forEach((row, j) => {
      const b = layer.bias[j];
      for (const v of [...row, b]) {
        const a = absR(v);
        if (v.n !== 0n && (cmp(a, big) >= 0 || cmp(a, small) <= 0)) f.add('extreme-weights');
      }
      if (isZeroRow(row)) {
        f.add('zero-row');
        if (b.n !== 0n) f.add('constant-nonzero');
      } else {
        for (let k = 0; k < j; k++) {
          const c = ratio(layer.weights[k], layer.bias[k], row, b);
          if (c === null) continue;
          if (c.n === 1n && c.d === 1n) f.add('duplicate');
          else if (c.n === -1n && c.d === 1n) f.add('negated');
          else f.add('rescaled');
        }
      }
      let zlo = b;
      let zhi = b;
      row.forEach((w, i) => {
        const [a, c] = [mul(w, lo[i]), mul(w, hi[i])];
        zlo = add(zlo, cmp(a, c) <= 0 ? a : c);
        zhi = add(zhi, cmp(a, c) <= 0 ? c : a);
      });
      if (layer.activation === 'relu') {
        if (zhi.n < 0n) f.add('dead');
        if (zlo.n > 0n) f.add('always-active');
      }
      nlo.push(layer.activation === 'relu' && zlo.n < 0n ? ZERO : zlo);
      nhi.push(layer.activation === 'relu' && zhi.n < 0n ? ZERO : zhi);
    });
    lo = nlo;
    hi = nhi;
  });
  if (hasConcurrentPoint(net)) f.add('concurrent');
  return f;
}

function hasConcurrentPoint(net: Network): boolean {
  const d = net.inputSize;
  const need = Math.max(d + 1, 3);
  const total = net.layers.reduce((s, l) => s + l.weights.length, 0);
  if (total < need) return false;
  for (let code = 0; code < POINT_COORDS.length ** d; code++) {
    const p = Array.from({ length: d }, (_, i) => POINT_COORDS[Math.floor(code / POINT_COORDS.length ** i) % POINT_COORDS.length]);
    let h = p;
    let count = 0;
    for (const layer of net.layers) {
      const through: number[] = [];
      const z = layer.weights.map((row, j) => add(dot(row, h), layer.bias[j]));
      z.forEach((v, j) => {
        const row = layer.weights[j];
        if (v.n !== 0n || isZeroRow(row)) return;
        if (through.some((k) => ratio(layer.weights[k], layer.bias[k], row, layer.bias[j]) !== null)) return;
        through.push(j);
      });
      count += through.length;
      h = layer.activation === 'relu' ? z.map((v) => (v.n < 0n ? ZERO : v)) : z;
    }
    if (count >= need) return true;
  }
  return false;
}

/** True if some bound of the box is not a dyadic rational (its denominator is not a power of 2). */
export function hasNonDyadicBound(box: Domain & { kind: 'box' }): boolean {
  return [...box.lo, ...box.hi].some((v) => !isPow2(v.d));
}
