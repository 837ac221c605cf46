/**
 * The float filter of `explain`: a forward pass in doubles with a proven error bound, which
 * decides a row's activation pattern and predicted class when every margin clears its bound,
 * and otherwise says "undecided" (the caller then runs the exact forward pass). As for the
 * vertex engine's signs (README, "The vertex engine"), floats decide only where a proof says the
 * float sign is the exact sign.
 *
 * The bound. u = 2^-53. Every weight, bias and input is its exact rational rounded to a double
 * (ŵ), with |w − ŵ| <= ρ|ŵ|, ρ = 2^-51 (at most three roundings: numerator, denominator,
 * quotient). For a neuron with n inputs ĥ_i carrying errors |h_i − ĥ_i| <= e_i, the computed
 * ẑ = fl(Σ ŵ_i ĥ_i + b̂) satisfies
 *     |z − ẑ| <= (γ_{n+1} + ρ)·S + (1 + ρ)·E,   S = Σ|ŵ_i||ĥ_i| + |b̂|,   E = Σ|ŵ_i| e_i,
 * (γ_k = k·u/(1 − k·u): recursive summation; the rest from z − Σŵĥ − b̂ = Σ(w − ŵ)h +
 * Σŵ(h − ĥ) + (b − b̂)). S and E are themselves computed in doubles (underestimated by at most
 * the factor 1 − γ_{n+1}), so the bound used is B = ((n+8)·2^-52·Ŝ + (1 + (n+8)·2^-52)·Ê + τ)
 * ·(1 + 2^-40), which dominates the above with the roundings of its own evaluation; τ =
 * (n+2)·2^-1060 covers underflow. Weights and inputs outside [2^-400, 2^400] in magnitude
 * (or non-finite values anywhere) disable the filter for that network or row. A sign is decided
 * when |ẑ| > B; then ReLU keeps the error (active: e = B) or removes it (inactive: h = 0 exactly).
 * NaN and overflow make every comparison false, hence undecided.
 */
import { toDouble } from '../kernel/rational.js';
import type { Network } from '../network/network.js';

const TWO_M52 = 2 ** -52;
const RHO = 2 ** -51;
const TAU_UNIT = 2 ** -1060;
const LIFT = 1 + 2 ** -40;
const MIN_MAG = 2 ** -400;
const MAX_MAG = 2 ** 400;

interface FloatLayer {
  nIn: number;
  nOut: number;
  W: Float64Array; // nOut × nIn, row-major
  absW: Float64Array;
  b: Float64Array;
  absB: Float64Array;
  relu: boolean;
  /** c1 = (n+8)·2^-52, c2 = 1 + c1, τ for n = nIn (one bias term). */
  c1: number;
  c2: number;
  tau: number;
}

const saneMagnitude = (v: number) => v === 0 || (Math.abs(v) >= MIN_MAG && Math.abs(v) <= MAX_MAG);

/** Bound constants for a sum of n products plus one more term. */
function constants(n: number): { c1: number; c2: number; tau: number } {
  const c1 = (n + 8) * TWO_M52;
  return { c1, c2: 1 + c1, tau: (n + 2) * TAU_UNIT };
}

export class FloatNetwork {
  readonly layers: FloatLayer[];
  /** False when some weight's magnitude is outside [2^-400, 2^400]: every row then goes exact. */
  readonly usable: boolean;
  readonly inputSize: number;
  readonly outputs: number;
  /** Number of ReLU neurons (pattern bits), and where each ReLU layer's bits start. */
  readonly bitCount: number;
  readonly bitOffset: number[];

  constructor(net: Network) {
    let usable = true;
    this.layers = net.layers.map((layer) => {
      const nOut = layer.weights.length;
      const nIn = layer.weights[0].length;
      const W = new Float64Array(nOut * nIn);
      const b = new Float64Array(nOut);
      layer.weights.forEach((row, j) => row.forEach((w, i) => (W[j * nIn + i] = toDouble(w))));
      layer.bias.forEach((v, j) => (b[j] = toDouble(v)));
      for (const v of W) if (!saneMagnitude(v)) usable = false;
      for (const v of b) if (!saneMagnitude(v)) usable = false;
      return { nIn, nOut, W, absW: W.map(Math.abs), b, absB: b.map(Math.abs), relu: layer.activation === 'relu', ...constants(nIn) };
    });
    this.usable = usable;
    this.inputSize = net.inputSize;
    this.outputs = this.layers[this.layers.length - 1].nOut;
    this.bitOffset = [];
    let bits = 0;
    for (const l of this.layers) {
      this.bitOffset.push(bits);
      if (l.relu) bits += l.nOut;
    }
    this.bitCount = bits;
    this.hBuf = [net.inputSize, ...this.layers.map((l) => l.nOut)].map((n) => new Float64Array(n));
    this.eBuf = this.hBuf.map((b) => new Float64Array(b.length));
  }

  /** Work buffers of run() (per layer input), reused from row to row. */
  private readonly hBuf: Float64Array[];
  private readonly eBuf: Float64Array[];

  /**
   * Runs the row x[off .. off+d): on success the pattern bits (1 = active) are in `bits`, the
   * outputs in `out` with error bounds in `err`, and it returns true; false when a sign is
   * undecided or the row's magnitudes are out of range (then run the exact forward pass).
   */
  run(x: Float64Array, off: number, bits: Uint8Array, out: Float64Array, err: Float64Array): boolean {
    if (!this.usable) return false;
    const d = this.inputSize;
    let h = this.hBuf[0];
    let e = this.eBuf[0];
    for (let i = 0; i < d; i++) {
      const v = x[off + i];
      if (!Number.isFinite(v) || !saneMagnitude(v)) return false;
      h[i] = v;
      e[i] = RHO * Math.abs(v);
    }
    for (let l = 0; l < this.layers.length; l++) {
      const L = this.layers[l];
      const last = l === this.layers.length - 1;
      const nh = last ? out : this.hBuf[l + 1];
      const ne = last ? err : this.eBuf[l + 1];
      const base = this.bitOffset[l];
      for (let j = 0; j < L.nOut; j++) {
        const row = j * L.nIn;
        let z = L.b[j];
        let S = L.absB[j];
        let E = 0;
        for (let i = 0; i < L.nIn; i++) {
          const hi = h[i];
          if (hi === 0 && e[i] === 0) continue;
          const w = L.W[row + i];
          const aw = L.absW[row + i];
          z += w * hi;
          S += aw * Math.abs(hi);
          E += aw * e[i];
        }
        const B = (L.c1 * S + L.c2 * E + L.tau) * LIFT;
        if (L.relu) {
          if (z > B) {
            bits[base + j] = 1;
            nh[j] = z;
            ne[j] = B;
          } else if (-z > B) {
            bits[base + j] = 0;
            nh[j] = 0;
            ne[j] = 0;
          } else return false;
        } else {
          if (!Number.isFinite(z) || !Number.isFinite(B)) return false;
          nh[j] = z;
          ne[j] = B;
        }
      }
      h = nh;
      e = ne;
    }
    return true;
  }

  /**
   * The pattern's affine map evaluated at the point s, projected on r: Σ_k r_k·(W_P s + c_P)_k,
   * with an error bound. This is the forward pass at s with the units' states fixed by `bits`
   * (an active unit passes its pre-activation on, even where negative: that is the region's map
   * continued), bounded as in run(). Equal maps give equal values, so it proposes map groups.
   */
  patternValue(bits: Uint8Array, s: Float64Array, r: Float64Array): { value: number; width: number } {
    let h: Float64Array = s;
    let e: Float64Array = this.eBuf[0].fill(0); // s is exact
    for (let l = 0; l < this.layers.length; l++) {
      const L = this.layers[l];
      const nh = this.hBuf[l + 1].fill(0);
      const ne = this.eBuf[l + 1].fill(0);
      const base = this.bitOffset[l];
      for (let j = 0; j < L.nOut; j++) {
        if (L.relu && bits[base + j] === 0) continue; // inactive: exactly 0
        const row = j * L.nIn;
        let z = L.b[j];
        let S = L.absB[j];
        let E = 0;
        for (let i = 0; i < L.nIn; i++) {
          const hi = h[i];
          if (hi === 0 && e[i] === 0) continue;
          z += L.W[row + i] * hi;
          S += L.absW[row + i] * Math.abs(hi);
          E += L.absW[row + i] * e[i];
        }
        nh[j] = z;
        ne[j] = (L.c1 * S + L.c2 * E + L.tau) * LIFT;
      }
      h = nh;
      e = ne;
    }
    let value = 0;
    let width = 0;
    let mag = 0;
    for (let k = 0; k < h.length; k++) {
      value += r[k] * h[k];
      width += r[k] * e[k];
      mag += r[k] * Math.abs(h[k]);
    }
    // the projection's own rounding (K products and sums), generously
    return { value, width: (width + (h.length + 4) * 2 ** -51 * mag + 2 ** -1000) * LIFT };
  }
}

/**
 * The predicted class from outputs with error bounds, or -1 when the bounds do not decide it.
 * One output: class 1 iff the output is > 0. Several: the argmax (ties: the lowest index).
 */
export function decideClass(out: Float64Array, err: Float64Array): number {
  if (out.length === 1) return out[0] > err[0] ? 1 : -out[0] > err[0] ? 0 : -1;
  let c = 0;
  for (let k = 1; k < out.length; k++) if (out[k] > out[c]) c = k;
  for (let k = 0; k < out.length; k++) {
    if (k === c) continue;
    // z_c − z_k >= fl(ẑ_c − ẑ_k)(1 − u) − (B_c + B_k) > 0
    if (!((out[c] - out[k]) * (1 - 2 ** -50) > (err[c] + err[k]) * (1 + 2 ** -50))) return -1;
  }
  return c;
}
