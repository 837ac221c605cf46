/**
 * Exact interval bounds of every layer over an input box, in integers over one common
 * denominator per layer (no rounding, no gcd). Loose but sound: the baseline the linear bounds
 * are compared with in test/linear-bounds.test.ts.
 */
import { lcm, type Rational } from '../../src/kernel/rational.js';
import type { IntLayer } from '../../src/network/integer-network.js';

/** lo/den <= value <= hi/den, elementwise. */
export interface IntervalVector {
  lo: bigint[];
  hi: bigint[];
  den: bigint;
}

export function boxInterval(lo: Rational[], hi: Rational[]): IntervalVector {
  let den = 1n;
  for (const r of [...lo, ...hi]) den = lcm(den, r.d);
  return { lo: lo.map((r) => r.n * (den / r.d)), hi: hi.map((r) => r.n * (den / r.d)), den };
}

/** Bounds of the network's output over the box (each layer: W·[lo, hi] + b, then ReLU). */
export function outputBounds(layers: IntLayer[], input: IntervalVector): IntervalVector {
  let cur = input;
  for (const layer of layers) {
    const lo: bigint[] = [];
    const hi: bigint[] = [];
    for (let j = 0; j < layer.W.length; j++) {
      const w = layer.W[j];
      let l = layer.b[j] * cur.den;
      let h = l;
      for (let i = 0; i < w.length; i++) {
        const wi = w[i];
        if (wi > 0n) {
          l += wi * cur.lo[i];
          h += wi * cur.hi[i];
        } else if (wi < 0n) {
          l += wi * cur.hi[i];
          h += wi * cur.lo[i];
        }
      }
      if (layer.relu) {
        if (l < 0n) l = 0n;
        if (h < 0n) h = 0n;
      }
      lo.push(l);
      hi.push(h);
    }
    cur = { lo, hi, den: layer.den * cur.den };
  }
  return cur;
}
