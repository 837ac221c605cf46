/**
 * Certified linear (CROWN / DeepPoly-style) lower bounds of c·y + k over an input box, computed
 * in binary64 floating point with directed (outward) rounding, so that every bound returned is a
 * TRUE lower bound of the exact (rational) network, not an approximation of one.
 *
 * Method.
 *  1. Intermediate pre-activation bounds l <= z <= u, layer by layer, by forward symbolic
 *     propagation: every neuron carries a lower and an upper affine function of the shifted input
 *     x~ = x − lo ∈ [0, w] (w = hi − lo) that enclose it on the box; concretising them over the
 *     box gives [l, u]. ReLU relaxation (as in CROWN / DeepPoly): stable neurons exactly; an
 *     unstable one (l < 0 < u) between the lower line α·z (α = 1 if u >= −l, else 0: the
 *     smaller-area choice; any α in [0, 1] is valid for every z) and the upper line s·z + t
 *     (s ≈ u/(u − l), valid for z in [l, u]). Optionally (`refine`), the bounds of neurons that
 *     are still unstable are tightened by a backward pass (step 2) from that neuron, and bounds
 *     computed on a box containing this one (`prior`, e.g. the parent in a bisection) are
 *     intersected in. Coefficients on neurons inactive on the box (u <= 0: output exactly 0)
 *     are irrelevant and skipped.
 *  2. Each objective: a backward pass (CROWN) from c over the outputs: the coefficient vector Λ
 *     over a layer's post-activations is turned into one over its pre-activations by the ReLU
 *     relaxation whose side is chosen by the sign of Λ_j (lower line when Λ_j >= 0, upper line
 *     when Λ_j < 0), then multiplied through the layer's weights; at the input, the affine lower
 *     bound Λ·x~ + β is minimised over the box.
 *
 * Soundness under floating point. JavaScript numbers are IEEE 754 binary64 and every +, −, ×, ÷
 * is correctly rounded to nearest (ECMAScript §6.1.6.1; no contraction into FMA is permitted),
 * so for a finite result r of one operation, the exact result e satisfies fl(e) = r. `dn(r)` and
 * `up(r)` (directed-rounding.ts) return doubles with dn(r) <= e <= up(r) (proof at their
 * definition). Every quantity that feeds a bound is computed with dn (for lower) or up (for
 * upper) around each operation, except the dot products of the hot loops, which are summed
 * plainly and then moved down (or up) by a rigorous a-priori bound of their total rounding error
 * (Lemma A, at `sumError` in directed-rounding.ts). The invariants, over exact real arithmetic on
 * the computed doubles:
 *   - weights and biases: wlo <= W <= whi, blo <= b <= bhi (exact rationals enclosed by doubles,
 *     checked exactly once per network; float32 weights are exact doubles: wlo = whi);
 *   - every variable a backward or forward step multiplies is NONNEGATIVE: x~ >= 0 (the box is
 *     shifted to its lower corner, folded into the first bias), post-ReLU activations h >= 0
 *     (linear hidden layers are composed exactly into the next layer at preparation). Hence a
 *     coefficient may always be replaced by any double below it (for a lower bound) or above it
 *     (for an upper bound), and only one rounding direction per quantity is needed;
 *   - forward: Lz_j(x~) <= z_j(x) <= Uz_j(x~) and l_j <= z_j <= u_j for every x in the box;
 *   - backward: c·y + k >= Λ·h(x) + β for every x in the box, where h is the current layer's
 *     post-activation vector.
 * The ReLU lines are validated, not trusted: the upper line σ·z + τ (for |Λ_j|·relu(z)) takes
 * any σ >= 0 and a τ rounded up so that the line lies above the (convex) function at both ends
 * of [l, u], hence on all of [l, u]; the true z lies in [l, u] by the forward invariant.
 * Decisions (stable or not, which line, which weight end) are made on these rigorous doubles,
 * so each decision is sound whichever way it goes. Overflow: any non-finite intermediate
 * (±Infinity, NaN) makes the affected bound −Infinity (trivially sound), never a wrong number.
 */
import { InputError } from '../errors.js';
import { cmp, type Rational } from '../kernel/rational.js';
import { mergeLinearLayers } from '../network/merge-linear.js';
import type { Layer, Network } from '../network/network.js';
import { dn, MAX_TERMS, mulHi, mulLo, ratDown, ratUp, sumError, up } from './directed-rounding.js';

// ---------------------------------------------------------------------------------------------
// Network preparation (once per network): float enclosures of the exact weights.

interface FloatLayer {
  nIn: number;
  nOut: number;
  /** Row-major nOut × nIn: wlo <= W <= whi elementwise (equal when W is a double). */
  wlo: Float64Array;
  whi: Float64Array;
  blo: Float64Array;
  bhi: Float64Array;
  relu: boolean;
  /** rowAbs[j] >= Σ_i |W_ji| and colAbs[i] >= Σ_j |W_ji| (for Lemma A). */
  rowAbs: Float64Array;
  colAbs: Float64Array;
}

interface Prepared {
  d: number;
  outputs: number;
  layers: FloatLayer[];
  /** false if some weight does not fit in a finite double: every bound is then −Infinity. */
  finite: boolean;
  /**
   * Scratch for the backward passes (typed-array allocation dominated them): per layer p, μ over
   * its outputs and Λ over its inputs. JavaScript runs one backward pass at a time.
   */
  scratchMu: Float64Array[];
  scratchLam: Float64Array[];
}

const prepared = new WeakMap<Network, Prepared>();
const preparedLayers = new WeakMap<Layer, FloatLayer>();

function floatLayer(layer: Layer): FloatLayer {
  const cached = preparedLayers.get(layer);
  if (cached) return cached;
  const nOut = layer.weights.length;
  const nIn = layer.weights[0].length;
  const wlo = new Float64Array(nOut * nIn);
  const whi = new Float64Array(nOut * nIn);
  const blo = new Float64Array(nOut);
  const bhi = new Float64Array(nOut);
  for (let j = 0; j < nOut; j++) {
    for (let i = 0; i < nIn; i++) {
      wlo[j * nIn + i] = ratDown(layer.weights[j][i]);
      whi[j * nIn + i] = ratUp(layer.weights[j][i]);
    }
    blo[j] = ratDown(layer.bias[j]);
    bhi[j] = ratUp(layer.bias[j]);
  }
  return finishLayer(layer, nIn, nOut, wlo, whi, blo, bhi);
}

function finishLayer(layer: Layer, nIn: number, nOut: number, wlo: Float64Array, whi: Float64Array, blo: Float64Array, bhi: Float64Array): FloatLayer {
  const rowAbs = new Float64Array(nOut);
  const colAbs = new Float64Array(nIn);
  for (let j = 0; j < nOut; j++) {
    for (let i = 0; i < nIn; i++) {
      const w = Math.max(Math.abs(wlo[j * nIn + i]), Math.abs(whi[j * nIn + i]));
      rowAbs[j] = up(rowAbs[j] + w);
      colAbs[i] = up(colAbs[i] + w);
    }
  }
  const fl = { nIn, nOut, wlo, whi, blo, bhi, relu: layer.activation === 'relu', rowAbs, colAbs };
  preparedLayers.set(layer, fl);
  return fl;
}

const TWO53 = 2n ** 53n;
const TWO1000 = 2n ** 1000n;

/**
 * Double enclosures [lo, hi] of v/den (v, den integers, den a power of two below 2^1000):
 * f = Number(v) is v rounded to nearest (ECMAScript ToNumber of a BigInt), exact when
 * |v| <= 2^53, else dn(f) <= v <= up(f); the quotient by the exact double den is enclosed by
 * dn/up of the rounded quotients (see dn). Returns false when the data is out of range.
 */
function enclose(v: bigint, dd: number, out: Float64Array, outHi: Float64Array, k: number): boolean {
  if (v >= TWO1000 || -v >= TWO1000) return false;
  const f = Number(v);
  const exact = v <= TWO53 && -v <= TWO53;
  const lo = exact ? f : dn(f);
  const hi = exact ? f : up(f);
  const ql = lo / dd;
  const qh = hi / dd;
  // a quotient that is exact (dyadic, no underflow) needs no widening: check by multiplying back
  out[k] = exact && ql * dd === lo && Number.isFinite(ql) && (ql === 0 || Math.abs(ql) >= 2 ** -1000) ? ql : dn(ql);
  outHi[k] = exact && qh * dd === hi && Number.isFinite(qh) && (qh === 0 || Math.abs(qh) >= 2 ** -1000) ? qh : up(qh);
  return Number.isFinite(out[k]) && Number.isFinite(outHi[k]);
}

/**
 * Registers the float enclosure of a layer whose exact weights are W/den and bias b/den over
 * integers (den a power of two), computed from the integers directly (faster than from the
 * layer's rationals; the star search builds one such layer per cell). `layer` must have exactly
 * these values (its `weights` and `bias` are not read here). Returns false (nothing registered)
 * when den is not a power of two or the numbers are out of range: the rationals are used then.
 */
export function presetLayer(layer: Layer, W: bigint[][], b: bigint[], den: bigint): boolean {
  if (den <= 0n || (den & (den - 1n)) !== 0n || den >= TWO1000) return false;
  const dd = Number(den); // exact: a power of two below 2^1000
  const nOut = W.length;
  const nIn = W[0]?.length ?? 0;
  if (nIn === 0) return false;
  const wlo = new Float64Array(nOut * nIn);
  const whi = new Float64Array(nOut * nIn);
  const blo = new Float64Array(nOut);
  const bhi = new Float64Array(nOut);
  for (let j = 0; j < nOut; j++) {
    for (let i = 0; i < nIn; i++) if (!enclose(W[j][i], dd, wlo, whi, j * nIn + i)) return false;
    if (!enclose(b[j], dd, blo, bhi, j)) return false;
  }
  finishLayer(layer, nIn, nOut, wlo, whi, blo, bhi);
  return true;
}

function prepare(net: Network): Prepared {
  let p = prepared.get(net);
  if (!p) {
    const layers = mergeLinearLayers(net.layers).map(floatLayer);
    let finite = true;
    for (const l of layers) {
      for (const a of [l.wlo, l.whi, l.blo, l.bhi, l.rowAbs, l.colAbs]) for (const v of a) if (!Number.isFinite(v)) finite = false;
    }
    p = {
      d: net.inputSize,
      outputs: layers[layers.length - 1].nOut,
      layers,
      finite,
      scratchMu: layers.map((l) => new Float64Array(l.nOut)),
      scratchLam: layers.map((l) => new Float64Array(l.nIn)),
    };
    prepared.set(net, p);
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// Per box.

const INACTIVE = 0; // u <= 0: h = 0
const ACTIVE = 1; // l >= 0: h = z
const UNSTABLE = 2;

interface LayerBounds {
  /** l <= z <= u for every x in the box. */
  l: Float64Array;
  u: Float64Array;
  state: Uint8Array;
  /**
   * The neurons that are not INACTIVE. An inactive neuron's output is exactly 0 on the box, so a
   * coefficient on it is irrelevant: the loops skip those columns (leaving them 0).
   */
  live: Int32Array;
  /** Unstable neurons: upper-line slope s >= 0 (any double is valid; t is derived soundly). */
  slope: Float64Array;
  /** Unstable neurons: lower line h >= z (1) or h >= 0 (0). */
  alpha: Uint8Array;
}

export interface LinearBoundOptions {
  /**
   * Tighten the bounds of neurons that the forward pass leaves unstable by a backward (CROWN)
   * pass from each of them: much tighter, and slower (default false).
   */
  refine?: boolean;
  /**
   * Neuron bounds computed earlier on a box that contains this one (e.g. the parent box in a
   * bisection): intersected with the new ones. Used only if its box contains this box (checked
   * exactly) and it belongs to the same network object; otherwise ignored.
   */
  prior?: NeuronBounds;
  /**
   * Neuron bounds known to hold on the SET the caller cares about (a subset of the box, e.g. a
   * star cell's polytope: l[m][j] <= z_m,j(x) <= u[m][j] for every x of the set; layers beyond
   * the arrays' length, or empty arrays, add nothing). Intersected in without any check: every
   * result then holds on that set only (the caller's responsibility). Used by the star search.
   */
  known?: { l: (Float64Array | undefined)[]; u: (Float64Array | undefined)[] };
  /**
   * With `refine`: a tighter lower bound of the refined neuron's s·z (s = ±1) on the caller's
   * set from its backward bound b (b.coef·(x − lo) + b.beta <= s·z there), e.g. minimised over a
   * polytope; the caller answers for its soundness (as with `known`).
   */
  tighten?: (m: number, j: number, s: 1 | -1, b: LinearBound) => number;
}

/** Sound pre-activation bounds l <= z <= u of every ReLU layer, for every x in [lo, hi]. */
export interface NeuronBounds {
  readonly net: Network;
  readonly lo: Rational[];
  readonly hi: Rational[];
  readonly l: Float64Array[];
  readonly u: Float64Array[];
}

export interface LinearBound {
  /** A true lower bound of c·y + k over the box (−Infinity if the float computation overflowed). */
  bound: number;
  /**
   * The slopes Λ of the final affine lower bound Λ·(x − lo) + β <= c·y + k (for split
   * heuristics: |Λ_i|·(hi_i − lo_i) is how much input i costs the bound). Informative only.
   */
  coef: Float64Array;
  /**
   * The constant β of that affine bound: c·y + k >= coef·(x − lo) + β for every x of the box
   * (of the `known` set), coef and β exact doubles as computed (every rounding directed).
   */
  beta?: number;
  /**
   * The backward pass's coefficients over the first ReLU layer's outputs (before that layer's
   * relaxation), for split heuristics; absent for a network with one layer. Informative only.
   */
  lam0?: Float64Array;
}

export interface Objective {
  c: Rational[];
  k: Rational;
}

/** A guaranteed lower bound of c·y + k over the box, for each objective (c over the network outputs). */
export function certifiedLowerBounds(net: Network, lo: Rational[], hi: Rational[], objectives: Objective[], options: LinearBoundOptions = {}): number[] {
  return linearBounds(net, lo, hi, objectives, options).bounds.map((b) => b.bound);
}

/** As `certifiedLowerBounds`, with the slopes of each final affine bound. */
export function linearLowerBounds(net: Network, lo: Rational[], hi: Rational[], objectives: Objective[], options: LinearBoundOptions = {}): LinearBound[] {
  return linearBounds(net, lo, hi, objectives, options).bounds;
}

function contains(outer: NeuronBounds, net: Network, lo: Rational[], hi: Rational[]): boolean {
  if (outer.net !== net || outer.lo.length !== lo.length) return false;
  for (let i = 0; i < lo.length; i++) {
    if (cmp(outer.lo[i], lo[i]) > 0 || cmp(outer.hi[i], hi[i]) < 0) return false;
  }
  return true;
}

/**
 * As `linearLowerBounds`, also returning the neuron bounds (to pass as `prior` for sub-boxes;
 * null if the computation overflowed).
 */
export function linearBounds(
  net: Network,
  lo: Rational[],
  hi: Rational[],
  objectives: Objective[],
  options: LinearBoundOptions = {},
): { bounds: LinearBound[]; neurons: NeuronBounds | null } {
  const P = prepare(net);
  const d = P.d;
  if (lo.length !== d || hi.length !== d) throw new InputError(`box: ${lo.length} coordinates, the network has ${d} inputs`);
  for (const o of objectives) {
    if (o.c.length !== P.outputs) throw new InputError(`objective: ${o.c.length} coefficients, the network has ${P.outputs} outputs`);
  }
  const failed = () => ({ bounds: objectives.map(() => ({ bound: -Infinity, coef: new Float64Array(d) })), neurons: null });
  if (!P.finite) return failed();
  for (let i = 0; i < d; i++) if (cmp(lo[i], hi[i]) > 0) throw new InputError(`box: lo > hi in coordinate ${i}`);
  const prior = options.prior && contains(options.prior, net, lo, hi) ? options.prior : null;

  // x~ = x − lo ∈ [0, width]; the first layer becomes W x~ + (b + W lo)
  const width = new Float64Array(d);
  const loLo = new Float64Array(d);
  const loHi = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    width[i] = ratUp({ n: hi[i].n * lo[i].d - lo[i].n * hi[i].d, d: hi[i].d * lo[i].d });
    loLo[i] = ratDown(lo[i]);
    loHi[i] = ratUp(lo[i]);
  }
  const L0 = P.layers[0];
  const b0lo = new Float64Array(L0.nOut);
  const b0hi = new Float64Array(L0.nOut);
  for (let j = 0; j < L0.nOut; j++) {
    let sl = L0.blo[j];
    let sh = L0.bhi[j];
    for (let i = 0; i < d; i++) {
      const wl = L0.wlo[j * d + i];
      const wh = L0.whi[j * d + i];
      sl = dn(sl + mulLo(wl, wh, loLo[i], loHi[i]));
      sh = up(sh + mulHi(wl, wh, loLo[i], loHi[i]));
    }
    b0lo[j] = sl;
    b0hi[j] = sh;
  }
  if (!allFinite(b0lo) || !allFinite(b0hi) || !allFinite(width)) return failed();
  const biasLo = (p: number) => (p === 0 ? b0lo : P.layers[p].blo);
  const biasHi = (p: number) => (p === 0 ? b0hi : P.layers[p].bhi);

  const nLayers = P.layers.length;
  const last = P.layers[nLayers - 1];
  // bounds are needed for every ReLU layer (all hidden layers, and the last if it is ReLU)
  const reluLayers = last.relu ? nLayers : nLayers - 1;
  const bounds: LayerBounds[] = [];
  const D = d + 1; // affine functions of x~: d slopes, then the constant
  let Lh = new Float64Array(0);
  let Uh = new Float64Array(0);

  for (let m = 0; m < reluLayers; m++) {
    const layer = P.layers[m];
    const n = layer.nOut;
    const nIn = layer.nIn;
    const Lz = new Float64Array(n * D);
    const Uz = new Float64Array(n * D);
    if (m === 0) {
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < d; i++) {
          Lz[j * D + i] = layer.wlo[j * d + i];
          Uz[j * D + i] = layer.whi[j * d + i];
        }
        Lz[j * D + d] = b0lo[j];
        Uz[j * D + d] = b0hi[j];
      }
    } else {
      // z_j >= Σ_i wlo_ji·(wlo_ji >= 0 ? Lh_i : Uh_i) + blo_j (h_i >= 0 and W >= wlo), rounded down;
      // the upper function mirrors it with whi and rounding up
      // (each coefficient is a sum of nIn products: accumulated plainly, corrected by Lemma A
      // with Q = rowAbs_j·S_k, S_k >= |Lh_ik|, |Uh_ik| for every i)
      const prev = bounds[m - 1];
      const { wlo, whi, blo, bhi, rowAbs } = layer;
      if (nIn > MAX_TERMS) throw new RangeError('linear bounds: layer too wide');
      const live = prev.live;
      const S = new Float64Array(D);
      for (let t = 0; t < live.length; t++) {
        const i = live[t];
        for (let k = 0; k < D; k++) S[k] = Math.max(S[k], Math.abs(Lh[i * D + k]), Math.abs(Uh[i * D + k]));
      }
      for (let j = 0; j < n; j++) {
        const o = j * D;
        for (let t = 0; t < live.length; t++) {
          const i = live[t];
          const wl = wlo[j * nIn + i];
          const wh = whi[j * nIn + i];
          const q = i * D;
          if (wl !== 0) {
            const src = wl > 0 ? Lh : Uh;
            for (let k = 0; k < D; k++) Lz[o + k] += wl * src[q + k];
          }
          if (wh !== 0) {
            const src = wh > 0 ? Uh : Lh;
            for (let k = 0; k < D; k++) Uz[o + k] += wh * src[q + k];
          }
        }
        for (let k = 0; k < D; k++) {
          const e = sumError(up(rowAbs[j] * S[k]), nIn);
          Lz[o + k] = dn(Lz[o + k] - e);
          Uz[o + k] = up(Uz[o + k] + e);
        }
        Lz[o + d] = dn(Lz[o + d] + blo[j]);
        Uz[o + d] = up(Uz[o + d] + bhi[j]);
      }
    }
    if (!allFinite(Lz) || !allFinite(Uz)) return failed();
    // concretise over x~ ∈ [0, width]
    const l = new Float64Array(n);
    const u = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const o = j * D;
      let a = Lz[o + d];
      let b = Uz[o + d];
      for (let k = 0; k < d; k++) {
        const cl = Lz[o + k];
        if (cl < 0) a = dn(a + dn(cl * width[k]));
        const cu = Uz[o + k];
        if (cu > 0) b = up(b + up(cu * width[k]));
      }
      l[j] = a;
      u[j] = b;
    }
    if (!allFinite(l) || !allFinite(u)) return failed();
    if (prior) {
      // both are sound on this box (the prior's box contains it): keep the tighter of each
      const pl = prior.l[m];
      const pu = prior.u[m];
      for (let j = 0; j < n; j++) {
        if (pl[j] > l[j]) l[j] = pl[j];
        if (pu[j] < u[j]) u[j] = pu[j];
      }
    }
    const kl = options.known?.l[m];
    const ku = options.known?.u[m];
    if (kl && ku) {
      // sound on the caller's set: keep the tighter of each
      for (let j = 0; j < n; j++) {
        if (kl[j] > l[j]) l[j] = kl[j];
        if (ku[j] < u[j]) u[j] = ku[j];
      }
    }
    const lb: LayerBounds = { l, u, state: new Uint8Array(n), live: new Int32Array(0), slope: new Float64Array(n), alpha: new Uint8Array(n) };
    bounds.push(lb);
    if (options.refine && m > 0) {
      const mu = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        if (!(l[j] < 0 && u[j] > 0)) continue;
        mu[j] = 1;
        const bl = backward(P, bounds, m, mu, mu, 0, width, biasLo, biasHi);
        let low = bl.bound;
        mu[j] = -1;
        const bh = backward(P, bounds, m, mu, mu, 0, width, biasLo, biasHi);
        let high = -bh.bound;
        mu[j] = 0;
        if (options.tighten && Math.max(low, l[j]) < 0 && Math.min(high, u[j]) > 0) {
          // still unstable over the box: the caller's tighter bounds over its set
          low = Math.max(low, options.tighten(m, j, 1, bl));
          if (Math.max(low, l[j]) < 0) high = Math.min(high, -options.tighten(m, j, -1, bh));
        }
        if (low > l[j]) l[j] = low;
        if (high < u[j]) u[j] = high;
      }
    }
    relax(lb);
    if (m === reluLayers - 1) break; // the relaxed functions of the last ReLU layer are never used
    // post-activation functions Lh <= h <= Uh
    Lh = new Float64Array(n * D);
    Uh = new Float64Array(n * D);
    for (let j = 0; j < n; j++) {
      const o = j * D;
      const st = lb.state[j];
      if (st === ACTIVE) {
        for (let k = 0; k < D; k++) {
          Lh[o + k] = Lz[o + k];
          Uh[o + k] = Uz[o + k];
        }
      } else if (st === UNSTABLE) {
        if (lb.alpha[j]) for (let k = 0; k < D; k++) Lh[o + k] = Lz[o + k];
        // h <= s·z + t <= s·Uz + t (s >= 0), coefficients rounded up
        const s = lb.slope[j];
        const t = lineOffset(s, l[j], u[j], 1);
        for (let k = 0; k < d; k++) Uh[o + k] = up(s * Uz[o + k]);
        Uh[o + d] = up(up(s * Uz[o + d]) + t);
      }
    }
    if (!allFinite(Uh)) return failed();
  }

  const neurons: NeuronBounds = { net, lo, hi, l: bounds.map((b) => b.l), u: bounds.map((b) => b.u) };
  const results = objectives.map((obj): LinearBound => {
    const nL = last.nOut;
    let beta = ratDown(obj.k);
    const muLo = new Float64Array(nL);
    const muHi = new Float64Array(nL);
    if (last.relu) {
      // c·y >= clo·y since y >= 0; then the ReLU relaxation of the last layer
      const lam = new Float64Array(nL);
      for (let j = 0; j < nL; j++) lam[j] = ratDown(obj.c[j]);
      if (!allFinite(lam)) return { bound: -Infinity, coef: new Float64Array(d) };
      beta = relaxBackward(bounds[nLayers - 1], lam, muLo, beta);
      muHi.set(muLo);
    } else {
      for (let j = 0; j < nL; j++) {
        muLo[j] = ratDown(obj.c[j]);
        muHi[j] = ratUp(obj.c[j]);
      }
    }
    if (!Number.isFinite(beta) || !allFinite(muLo) || !allFinite(muHi)) return { bound: -Infinity, coef: new Float64Array(d) };
    return backward(P, bounds, nLayers - 1, muLo, muHi, beta, width, biasLo, biasHi);
  });
  return { bounds: results, neurons };
}

function allFinite(a: Float64Array): boolean {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * 0; // NaN iff some entry is ±Infinity or NaN
  return s === 0;
}

/** Stability and the relaxation lines of one ReLU layer from its bounds. */
function relax(lb: LayerBounds): void {
  const { l, u, state, slope, alpha } = lb;
  let nLive = 0;
  for (let j = 0; j < l.length; j++) {
    if (u[j] <= 0) state[j] = INACTIVE;
    else if (l[j] >= 0) state[j] = ACTIVE;
    else {
      state[j] = UNSTABLE;
      slope[j] = u[j] / (u[j] - l[j]); // any s >= 0 is valid: the offset is derived soundly
      alpha[j] = u[j] >= -l[j] ? 1 : 0;
    }
    if (state[j] !== INACTIVE) nLive++;
  }
  lb.live = new Int32Array(nLive);
  for (let j = 0, t = 0; j < l.length; j++) if (state[j] !== INACTIVE) lb.live[t++] = j;
}

/**
 * An offset τ (rounded up) such that a·relu(z) <= σ·z + τ for all z in [l, u] (l < 0 < u, a > 0,
 * σ >= 0): the right side is affine and the left convex, so checking both ends suffices:
 * at l, σ·l + τ >= 0 iff τ >= σ·(−l); at u, σ·u + τ >= a·u iff τ >= a·u − σ·u.
 */
function lineOffset(sigma: number, l: number, u: number, a: number): number {
  const atL = up(sigma * -l);
  const atU = up(up(a * u) - dn(sigma * u));
  return atL > atU ? atL : atU;
}

/**
 * Λ over a ReLU layer's outputs h (h >= 0) to μ over its pre-activations z, with
 * Λ·h >= μ·z + (returned β − β_in): per neuron, the lower line when Λ_j >= 0, the upper one when
 * Λ_j < 0 (−|Λ_j|·h >= −σ z − τ on [l, u]). Writes μ, returns the new β (rounded down).
 */
function relaxBackward(lb: LayerBounds, lam: Float64Array, mu: Float64Array, beta: number): number {
  const { l, u, state, slope, alpha } = lb;
  for (let j = 0; j < lam.length; j++) {
    const v = lam[j];
    const st = state[j];
    if (v === 0 || st === INACTIVE) mu[j] = 0;
    else if (st === ACTIVE) mu[j] = v;
    else if (v > 0) mu[j] = alpha[j] ? v : 0;
    else {
      const a = -v;
      const sigma = a * slope[j]; // any sigma >= 0 (a > 0 and slope > 0)
      beta = dn(beta - lineOffset(sigma, l[j], u[j], a));
      mu[j] = -sigma;
    }
  }
  return beta;
}

/**
 * The backward pass from μ over layer m's pre-activations (μ given as an enclosure [muLo, muHi]
 * of exact coefficients; μ·z_m + β <= objective) down to the input, then the minimum over the box.
 */
const ALL = new Map<number, Int32Array>();

/** The inputs of layer m worth a coefficient: the previous layer's live neurons, or every input. */
function columns(bounds: LayerBounds[], m: number, nIn: number): Int32Array {
  if (m > 0) return bounds[m - 1].live;
  let all = ALL.get(nIn);
  if (!all) ALL.set(nIn, (all = Int32Array.from({ length: nIn }, (_, i) => i)));
  return all;
}

function backward(
  P: Prepared,
  bounds: LayerBounds[],
  m: number,
  muLo: Float64Array,
  muHi: Float64Array,
  beta: number,
  width: Float64Array,
  biasLo: (p: number) => Float64Array,
  biasHi: (p: number) => Float64Array,
): LinearBound {
  const d = P.d;
  const fail = (): LinearBound => ({ bound: -Infinity, coef: new Float64Array(d) });
  // first step: exact coefficients in [muLo, muHi] times W in [wlo, whi]
  let layer = P.layers[m];
  let lam = P.scratchLam[m].fill(0);
  {
    const { nIn, wlo, whi } = layer;
    const blo = biasLo(m);
    const bhi = biasHi(m);
    const cols = columns(bounds, m, nIn);
    for (let j = 0; j < layer.nOut; j++) {
      const ml = muLo[j];
      const mh = muHi[j];
      if (ml === 0 && mh === 0) continue;
      const row = j * nIn;
      if (ml === mh) {
        const W = ml > 0 ? wlo : whi;
        for (let t = 0; t < cols.length; t++) {
          const i = cols[t];
          lam[i] = dn(lam[i] + dn(ml * W[row + i]));
        }
        beta = dn(beta + dn(ml * (ml > 0 ? blo[j] : bhi[j])));
      } else {
        for (let t = 0; t < cols.length; t++) {
          const i = cols[t];
          lam[i] = dn(lam[i] + mulLo(ml, mh, wlo[row + i], whi[row + i]));
        }
        beta = dn(beta + mulLo(ml, mh, blo[j], bhi[j]));
      }
    }
  }
  if (!allFinite(lam) || !Number.isFinite(beta)) return fail();
  // Λ·h_{p} + β <= objective, h_p >= 0; relax layer p, multiply through its weights
  let lam0: Float64Array | undefined;
  for (let p = m - 1; p >= 0; p--) {
    layer = P.layers[p];
    if (p === 0) lam0 = lam.slice();
    const mu = P.scratchMu[p];
    beta = relaxBackward(bounds[p], lam, mu, beta);
    const { nIn, wlo, whi } = layer;
    const blo = biasLo(p);
    const bhi = biasHi(p);
    // Λ'_i = Σ_j μ_j·W_ji: accumulated plainly, then lowered by Lemma A with Q = V·colAbs_i
    const next = P.scratchLam[p].fill(0);
    const nOut = layer.nOut;
    if (nOut > MAX_TERMS) throw new RangeError('linear bounds: layer too wide');
    const cols = columns(bounds, p, nIn);
    const rows = bounds[p].live;
    let V = 0;
    for (let r = 0; r < rows.length; r++) {
      const j = rows[r];
      const v = mu[j];
      if (v === 0) continue;
      if (Math.abs(v) > V) V = Math.abs(v);
      const row = j * nIn;
      const W = v > 0 ? wlo : whi;
      for (let t = 0; t < cols.length; t++) {
        const i = cols[t];
        next[i] += v * W[row + i];
      }
      beta = dn(beta + dn(v * (v > 0 ? blo[j] : bhi[j])));
    }
    const colAbs = layer.colAbs;
    for (let t = 0; t < cols.length; t++) {
      const i = cols[t];
      next[i] = dn(next[i] - sumError(up(V * colAbs[i]), nOut));
    }
    lam = next;
    if (!allFinite(lam) || !Number.isFinite(beta)) return fail();
  }
  // min over x~ ∈ [0, width] of Λ·x~ + β (width >= the exact width, Λ_i < 0 only lowers it)
  let bound = beta;
  for (let i = 0; i < d; i++) if (lam[i] < 0) bound = dn(bound + dn(lam[i] * width[i]));
  return Number.isFinite(bound) ? { bound, coef: lam.slice(), beta, lam0 } : fail();
}
