/**
 * Exact lower bounds of c·f(x) + k over an input box, for verdict certificates: the checker
 * recomputes them, and the verifier confirms every prune its float bounds propose with the same
 * function, so the two always agree. Same method as verify/linear-bounds.ts (forward symbolic
 * bounds of every neuron, then one CROWN backward pass per objective), but in exact integer
 * fixed-point arithmetic: every quantity is an integer multiple of 2^-P and every step rounds
 * outward exactly (floor for a lower quantity, ceiling for an upper one). That is sound because
 * every rounded coefficient multiplies a NONNEGATIVE variable (x~ = x − lo >= 0, or a post-ReLU
 * activation >= 0), and lowering such a coefficient only lowers a lower bound; a coefficient μ of
 * a pre-activation z (any sign) is floored to μ' with the remainder bounded through z >= l:
 * μ·z >= μ'·z + (μ − μ')·l. Integers of bounded size replace rationals whose denominators would
 * grow with depth. No floats.
 *
 * ReLU relaxation of an unstable neuron (l < 0 < u): lower line α·z with α = 1 if u >= −l else 0
 * (h >= z and h >= 0 both hold); upper line σ·z + τ with σ = floor(u/(u − l)) on the grid and
 * τ = ceil(max(−σ·l, (1 − σ)·u)): the line lies above the convex relu at both ends of [l, u],
 * hence on all of it.
 */
import { lcm, sub, type Rational } from '../kernel/rational.js';
import { mergeLinearLayers } from '../network/merge-linear.js';
import type { Network } from '../network/network.js';

const P = 64n;
const SCALE = 1n << P;

/** An affine layer over one common denominator: weights Wn/D, bias bn/D. */
interface IntLayer {
  Wn: bigint[][];
  bn: bigint[];
  D: bigint;
  relu: boolean;
}

const floorDiv = (a: bigint, D: bigint): bigint => {
  if (D === 1n) return a;
  const q = a / D;
  return a < 0n && q * D !== a ? q - 1n : q;
};
const ceilDiv = (a: bigint, D: bigint): bigint => -floorDiv(-a, D);

/** floor(a / D) for a fixed D > 0: a shift when D is a power of two (float data: the usual case). */
function floorBy(D: bigint): (a: bigint) => bigint {
  if ((D & (D - 1n)) !== 0n) return (a) => floorDiv(a, D);
  const k = BigInt(D.toString(2).length - 1);
  return (a) => a >> k; // BigInt >> rounds toward −∞
}
const gridFloor = (r: Rational): bigint => floorDiv(r.n << P, r.d);
const gridCeil = (r: Rational): bigint => ceilDiv(r.n << P, r.d);

const prepared = new WeakMap<Network, IntLayer[]>();
function intLayers(net: Network): IntLayer[] {
  let p = prepared.get(net);
  if (!p) {
    p = mergeLinearLayers(net.layers).map((l) => {
      const D = [...l.weights.flat(), ...l.bias].reduce((m, v) => lcm(m, v.d), 1n);
      const int = (v: Rational) => v.n * (D / v.d);
      return { Wn: l.weights.map((row) => row.map(int)), bn: l.bias.map(int), D, relu: l.activation === 'relu' };
    });
    prepared.set(net, p);
  }
  return p;
}

/** One ReLU layer's bounds and relaxation, all on the grid (integers over 2^P). */
interface ReluBounds {
  l: bigint[];
  u: bigint[];
  /** neurons with u > 0 (an inactive neuron's output is exactly 0 and is skipped) */
  live: number[];
  unstable: boolean[];
  alpha: boolean[];
  sigma: bigint[];
  tau: bigint[];
}

/** Exact bounds l <= z <= u of every ReLU layer's pre-activations (integers over 2^64). */
export interface NeuronBounds {
  l: bigint[][];
  u: bigint[][];
}

export interface BoxBoundOptions {
  /**
   * Neuron bounds known to hold on a box containing this one (computed by this function on an
   * ancestor box): intersected with this box's own before relaxing and refining.
   */
  prior?: NeuronBounds;
  /**
   * Which unstable neurons (layer, neuron; layers after the first) to tighten by a backward pass
   * from the neuron (CROWN): tighter, and costs one backward pass per neuron and side.
   */
  refine?: (layer: number, neuron: number) => boolean;
}

export interface BoxObjective {
  c: Rational[];
  k: Rational;
}

/**
 * For each objective, an exact rational lower bound of c·f(x) + k over the box lo <= x <= hi
 * (a multiple of 2^-64). Deterministic: the same inputs give the same bound.
 */
export function boxLowerBounds(net: Network, lo: Rational[], hi: Rational[], objectives: BoxObjective[], options: BoxBoundOptions = {}): Rational[] {
  return boxBounds(net, lo, hi, objectives, options).bounds;
}

/** As boxLowerBounds, with the exact neuron bounds of the box (to serve as a prior for sub-boxes). */
export function boxBounds(net: Network, lo: Rational[], hi: Rational[], objectives: BoxObjective[], options: BoxBoundOptions = {}): { bounds: Rational[]; neurons: NeuronBounds } {
  const layers = intLayers(net);
  const d = net.inputSize;
  const width = lo.map((l, i) => gridCeil(sub(hi[i], l)));
  // x~ = x − lo: the first layer's constant b + W·lo, exact, then floored / ceiled onto the grid
  const L0 = layers[0];
  const loDen = lo.reduce((m, v) => lcm(m, v.d), 1n);
  const loN = lo.map((v) => v.n * (loDen / v.d));
  const b0lo: bigint[] = [];
  const b0hi: bigint[] = [];
  L0.bn.forEach((b, j) => {
    let s = b * loDen;
    for (let i = 0; i < d; i++) s += L0.Wn[j][i] * loN[i];
    b0lo.push(floorDiv(s << P, L0.D * loDen));
    b0hi.push(ceilDiv(s << P, L0.D * loDen));
  });

  const D1 = d + 1; // affine functions of x~: d slopes, then the constant
  const relus = layers.at(-1)!.relu ? layers.length : layers.length - 1;
  const bounds: ReluBounds[] = [];
  let Lh: bigint[] = [];
  let Uh: bigint[] = [];
  for (let m = 0; m < relus; m++) {
    const { Wn, bn, D } = layers[m];
    const floorD = floorBy(D);
    const n = Wn.length;
    const Lz: bigint[] = new Array(n * D1);
    const Uz: bigint[] = new Array(n * D1);
    for (let j = 0; j < n; j++) {
      const o = j * D1;
      if (m === 0) {
        for (let k = 0; k < d; k++) {
          Lz[o + k] = floorDiv(Wn[j][k] << P, D);
          Uz[o + k] = ceilDiv(Wn[j][k] << P, D);
        }
        Lz[o + d] = b0lo[j];
        Uz[o + d] = b0hi[j];
        continue;
      }
      // z_j >= Σ_i W_ji·(W_ji > 0 ? Lh_i : Uh_i) + b_j (h >= 0), and the mirror image
      const row = Wn[j];
      const sl: bigint[] = new Array(D1).fill(0n);
      const su: bigint[] = new Array(D1).fill(0n);
      const live = bounds[m - 1].live;
      for (let t = 0; t < live.length; t++) {
        const i = live[t];
        const w = row[i];
        if (w === 0n) continue;
        const lsrc = w > 0n ? Lh : Uh;
        const usrc = w > 0n ? Uh : Lh;
        const q = i * D1;
        for (let k = 0; k < D1; k++) {
          sl[k] += w * lsrc[q + k];
          su[k] += w * usrc[q + k];
        }
      }
      sl[d] += bn[j] << P;
      su[d] += bn[j] << P;
      for (let k = 0; k < D1; k++) {
        Lz[o + k] = floorD(sl[k]);
        Uz[o + k] = -floorD(-su[k]);
      }
    }
    const rb = concretise(Lz, Uz, n, d, width);
    const prior = options.prior;
    if (prior) {
      // both hold on this box: keep the tighter of each
      for (let j = 0; j < n; j++) {
        if (prior.l[m][j] > rb.l[j]) rb.l[j] = prior.l[m][j];
        if (prior.u[m][j] < rb.u[j]) rb.u[j] = prior.u[m][j];
      }
    }
    relax(rb);
    if (m > 0 && options.refine) {
      // tighten the unstable neurons by a backward pass from each (uses layers < m only)
      const ctx: Ctx = { layers, bounds, b0lo, b0hi, width, d };
      const unit = new Array<bigint>(n).fill(0n);
      for (let j = 0; j < n; j++) {
        if (!rb.unstable[j] || !options.refine(m, j)) continue;
        unit[j] = 1n;
        const low = backward(ctx, m, unit, 1n, 0n);
        unit[j] = -1n;
        const high = -backward(ctx, m, unit, 1n, 0n);
        unit[j] = 0n;
        if (low > rb.l[j]) rb.l[j] = low;
        if (high < rb.u[j]) rb.u[j] = high;
      }
      relax(rb);
    }
    bounds.push(rb);
    if (m === relus - 1) break;
    // post-activation functions Lh <= h <= Uh
    Lh = new Array(n * D1).fill(0n);
    Uh = new Array(n * D1).fill(0n);
    for (const j of rb.live) {
      const o = j * D1;
      if (!rb.unstable[j] || rb.alpha[j]) for (let k = 0; k < D1; k++) Lh[o + k] = Lz[o + k];
      if (!rb.unstable[j]) {
        for (let k = 0; k < D1; k++) Uh[o + k] = Uz[o + k];
      } else {
        const s = rb.sigma[j]; // h <= σ·z + τ <= σ·Uz + τ (σ >= 0)
        for (let k = 0; k < D1; k++) Uh[o + k] = ceilDiv(s * Uz[o + k], SCALE);
        Uh[o + d] += rb.tau[j];
      }
    }
  }

  const ctx: Ctx = { layers, bounds, b0lo, b0hi, width, d };
  const neurons = { l: bounds.map((b) => b.l), u: bounds.map((b) => b.u) };
  const results = objectives.map((obj) => {
    const last = layers.length - 1;
    if (layers[last].relu) {
      // c·y >= floor(c)·y as y >= 0: start from the post-activations of the last layer
      return { n: backward(ctx, last + 1, obj.c.map(gridFloor), 1n, gridFloor(obj.k)), d: SCALE } as Rational;
    }
    // μ = c over the last layer's pre-activations (any sign): exact, over one denominator
    const C = obj.c.reduce((m, v) => lcm(m, v.d), 1n);
    return { n: backward(ctx, last, obj.c.map((v) => v.n * (C / v.d)), C, gridFloor(obj.k)), d: SCALE } as Rational;
  });
  return { bounds: results, neurons };
}

interface Ctx {
  layers: IntLayer[];
  bounds: ReluBounds[];
  b0lo: bigint[];
  b0hi: bigint[];
  width: bigint[];
  d: number;
}

/**
 * A lower bound (numerator over 2^P) of μ·z_m + β over the box, where μ (numerators over μD) is
 * over layer m's pre-activations, β on the grid. m = number of layers: μ is over the last layer's
 * post-activations (then μD must be 1 and μ on the grid).
 */
function backward(ctx: Ctx, m: number, mu: bigint[], muD: bigint, beta: bigint): bigint {
  let lam: bigint[]; // over the post-activations of layer p (>= 0), on the grid
  if (m < ctx.layers.length) {
    const step = down(ctx, m, mu, muD);
    lam = step.lam;
    beta += step.beta;
  } else lam = mu;
  for (let p = m - 1; p >= 0; p--) {
    const rb = ctx.bounds[p];
    const nu: bigint[] = new Array(lam.length).fill(0n); // over z_p, on the grid
    for (const j of rb.live) {
      const v = lam[j];
      if (v === 0n) continue;
      if (!rb.unstable[j]) nu[j] = v;
      else if (v > 0n) nu[j] = rb.alpha[j] ? v : 0n;
      else {
        // −|v|·h >= −|v|·(σ z + τ); the coefficient v·σ of z (over 2^2P) is floored onto the
        // grid: μ·z = μ'·z + Δ·z >= μ'·z + Δ·l with Δ = μ − μ' >= 0, as z >= l
        const exact = v * rb.sigma[j];
        nu[j] = exact >> P;
        beta += floorDiv(v * rb.tau[j], SCALE) + floorDiv((exact - (nu[j] << P)) * rb.l[j], SCALE * SCALE);
      }
    }
    const step = down(ctx, p, nu, SCALE);
    lam = step.lam;
    beta += step.beta;
  }
  // min over x~ ∈ [0, width] of Λ·x~ + β (width rounded up: a negative Λ_k only lowers it)
  for (let k = 0; k < ctx.d; k++) if (lam[k] < 0n) beta += floorDiv(lam[k] * ctx.width[k], SCALE);
  return beta;
}

/**
 * μ (numerators over μD) over layer m's pre-activations to Λ over its inputs, on the grid,
 * rounded down (the inputs are >= 0), and the bias term μ·b rounded down.
 */
function down(ctx: Ctx, m: number, mu: bigint[], muD: bigint): { lam: bigint[]; beta: bigint } {
  const { bounds, b0lo, b0hi, d } = ctx;
  const { Wn, bn, D } = ctx.layers[m];
  const nIn = m === 0 ? d : Wn[0].length;
  const cols = m === 0 ? Array.from({ length: d }, (_, i) => i) : bounds[m - 1].live;
  const acc: bigint[] = new Array(nIn).fill(0n);
  let b = 0n;
  for (let j = 0; j < mu.length; j++) {
    const v = mu[j];
    if (v === 0n) continue;
    const row = Wn[j];
    for (let t = 0; t < cols.length; t++) {
      const i = cols[t];
      acc[i] += v * row[i];
    }
    b += m === 0 ? v * (v > 0n ? b0lo[j] : b0hi[j]) : (v * bn[j]) << P;
  }
  const byDen = floorBy(muD * D);
  const lam = acc.map((s) => (s === 0n ? 0n : byDen(s << P)));
  return { lam, beta: m === 0 ? floorBy(muD)(b) : byDen(b) };
}

/** Concretises the symbolic bounds over x~ ∈ [0, width]. */
function concretise(Lz: bigint[], Uz: bigint[], n: number, d: number, width: bigint[]): ReluBounds {
  const D1 = d + 1;
  const rb: ReluBounds = { l: [], u: [], live: [], unstable: [], alpha: [], sigma: [], tau: [] };
  for (let j = 0; j < n; j++) {
    const o = j * D1;
    let l = Lz[o + d];
    let u = Uz[o + d];
    for (let k = 0; k < d; k++) {
      if (Lz[o + k] < 0n) l += floorDiv(Lz[o + k] * width[k], SCALE);
      if (Uz[o + k] > 0n) u += ceilDiv(Uz[o + k] * width[k], SCALE);
    }
    rb.l.push(l);
    rb.u.push(u);
  }
  return rb;
}

/** Each neuron's state and relaxation lines from its bounds l, u. */
function relax(rb: ReluBounds): void {
  rb.live = [];
  rb.l.forEach((l, j) => {
    const u = rb.u[j];
    const unstable = l < 0n && u > 0n;
    rb.unstable[j] = unstable;
    rb.alpha[j] = u >= -l;
    if (u > 0n) rb.live.push(j);
    rb.sigma[j] = 0n;
    rb.tau[j] = 0n;
    if (unstable) {
      const s = floorDiv(u << P, u - l); // in [0, 2^P]
      const atL = s * -l;
      const atU = (SCALE - s) * u;
      rb.sigma[j] = s;
      rb.tau[j] = ceilDiv(atL > atU ? atL : atU, SCALE);
    }
  });
}
