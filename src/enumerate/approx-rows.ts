/**
 * A layer's pre-activations in doubles, with a proven radius, computed in floats from the
 * previous layer's: what lets the vertex engine decide most neurons of a cell (approx-side.ts)
 * without unpacking their exact rows (next-layer-maps.ts PackedMap), which took half of `count` on
 * 3-32-32-32. Nothing here decides anything: approx-side.ts proves its verdicts from the radius.
 *
 * Rows are in real units: row j of a map (M x + c)/den is P_j = (M_j, c_j)/den. For each row,
 * A_j (d + 1 doubles: coefficients, then the constant) and rad_j satisfy |A_jk − P_jk| <= rad_j
 * for every k; mag_j = max_k |A_jk|.
 */
import type { IntLayer } from '../network/integer-network.js';
import type { IntAffine } from './affine.js';

const U = 2 ** -52; // twice the unit roundoff

/** One array: A (n rows of d + 1), then rad (n), then mag (n); one allocation per map. */
export interface ApproxRows {
  v: Float64Array;
  n: number;
}

const alloc = (n: number, d: number): Float64Array => new Float64Array(n * (d + 3));
/** Offsets of rad and mag in v. */
export const radAt = (n: number, d: number): number => n * (d + 1);
export const magAt = (n: number, d: number): number => n * (d + 2);

/**
 * The exact map's rows as doubles: Number(M_jk) is within U/2·|M_jk| of M_jk, and dividing by
 * den (a power of two up to 2^1000) is exact for these magnitudes, so rad_j = U·mag_j bounds it
 * (|M_jk| <= (1 + U/2)|Number(M_jk)|). Null when den is not such a power of two or a double
 * is not finite.
 */
export function approxFromExact(map: IntAffine, d: number): ApproxRows | null {
  const { M, c, den } = map;
  if ((den & (den - 1n)) !== 0n || den > 1n << 1000n) return null;
  const n = M.length;
  const D = Number(den);
  const A = alloc(n, d);
  const rad = radAt(n, d);
  const mag = magAt(n, d);
  for (let j = 0; j < n; j++) {
    let m = 0;
    for (let k = 0; k <= d; k++) {
      const v = Number(k < d ? M[j][k] : c[j]) / D;
      if (!Number.isFinite(v)) return null;
      A[j * (d + 1) + k] = v;
      m = Math.max(m, Math.abs(v));
    }
    A[mag + j] = m;
    // 1e-300: a quotient below 2^-1022 (impossible for integers over den <= 2^1000, kept for safety)
    A[rad + j] = U * m + 1e-300;
  }
  return { v: A, n };
}

/** The layer's weights and biases divided by den, as doubles, when each is exactly one (else null). */
interface LayerDoubles {
  w: Float64Array; // n × nIn
  b: Float64Array;
}
const layerDoublesCache = new WeakMap<IntLayer, LayerDoubles | null>();
function layerDoubles(layer: IntLayer): LayerDoubles | null {
  let r = layerDoublesCache.get(layer);
  if (r !== undefined) return r;
  r = null;
  const { W, b, den } = layer;
  const n = W.length;
  const nIn = n > 0 ? W[0].length : 0;
  if ((den & (den - 1n)) === 0n && den <= 1n << 1000n) {
    const D = Number(den);
    const w = new Float64Array(n * nIn);
    const bd = new Float64Array(n);
    let exact = true;
    // v / D is exact when Number(v) is (D a power of two, |v| >= 1 or v = 0: no underflow)
    const put = (v: bigint): number => {
      const f = Number(v);
      if (!Number.isFinite(f) || BigInt(f) !== v) exact = false; // (BigInt(±Infinity) would throw)
      return f / D;
    };
    for (let j = 0; j < n && exact; j++) {
      for (let i = 0; i < nIn; i++) w[j * nIn + i] = put(W[j][i]);
      bd[j] = put(b[j]);
    }
    if (exact) r = { w, b: bd };
  }
  layerDoublesCache.set(layer, r);
  return r;
}

/**
 * The next layer's rows from the input rows `inp` (the previous layer's pre-activations; inputs
 * with bit 0 are inactive after the ReLU and add nothing; bits null: all active). Null when the
 * layer's weights are not exact doubles.
 *
 * P_jk = β_j[k = d] + Σ_{i active} ω_ji·P_ik with exact doubles ω, β. In floats, A_jk is that sum
 * over A_ik in a fixed order: m = (active inputs) + 1 terms, each product rounded once, the sum
 * m − 1 times, so |A_jk − (β_j[k = d] + Σ ω_ji A_ik)| <= γ_m·T_j (γ_m = m·u/(1 − m·u), u = U/2)
 * plus at most 2^-1074 per operation for underflow, where T_j = |β_j| + Σ|ω_ji|·mag_i bounds
 * the terms' absolute sum for every k; and |Σ ω_ji (A_ik − P_ik)| <= R_j = Σ|ω_ji|·rad_i. The
 * float sums T̃, R̃ of non-negative terms are at least (1 − γ_m) of the true ones. So
 * rad_j = 2·((m + 2)·U·T̃ + R̃) + (m + 1)·1e-300 bounds γ_m·T + R + underflow with room to spare
 * (for m·U < 1e-6), its own three roundings included.
 */
export function approxNext(layer: IntLayer, inp: ApproxRows, bits: Uint8Array | null, d: number): ApproxRows | null {
  const ld = layerDoubles(layer);
  if (!ld) return null;
  const n = layer.W.length;
  const nIn = inp.n;
  const stride = d + 1;
  const active: number[] = [];
  for (let i = 0; i < nIn; i++) if (bits === null || bits[i] !== 0) active.push(i);
  const m = active.length + 1;
  if (m * U > 1e-6) return null;
  const { w, b } = ld;
  const I = inp.v;
  const inRad = radAt(nIn, d);
  const inMag = magAt(nIn, d);
  const A = alloc(n, d);
  const rad = radAt(n, d);
  const mag = magAt(n, d);
  for (let j = 0; j < n; j++) {
    const o = j * stride;
    A[o + d] = b[j];
    let T = Math.abs(b[j]);
    let R = 0;
    for (const i of active) {
      const wi = w[j * nIn + i];
      if (wi === 0) continue;
      const io = i * stride;
      for (let k = 0; k <= d; k++) A[o + k] += wi * I[io + k];
      const aw = Math.abs(wi);
      T += aw * I[inMag + i];
      R += aw * I[inRad + i];
    }
    let mg = 0;
    for (let k = 0; k <= d; k++) mg = Math.max(mg, Math.abs(A[o + k]));
    if (!Number.isFinite(mg + T + R)) return null;
    A[mag + j] = mg;
    A[rad + j] = 2 * ((m + 2) * U * T + R) + (m + 1) * 1e-300;
  }
  return { v: A, n };
}

/**
 * approxNext for many bit patterns of the input layer, updated by the inputs whose bit flipped
 * (as NextLayerMaps updates its exact sums), with a full recomputation after 64 updates or when
 * more than half the bits flipped. `at` returns a copy.
 *
 * An update adds σ·ω_ji·A_i (σ = ±1) to row j: Ã'_jk = fl(Ã_jk + σ·fl(ω_ji Ã_ik)) against the
 * exact P'_jk = P_jk + σ ω_ji P_ik, so |Ã' − P'| <= rad_j + |ω_ji| rad_i + u·|ω_ji Ã_ik| +
 * u·|Ã'_jk| (u = U/2, round to nearest) + 2·2^-1074. The new radius
 * (rad_j + |ω| rad_i + U(|ω| mag_i + mag'_j) + 1e-300)·(1 + 4U) bounds that with its own roundings
 * (at most four, each losing at most u relative, on non-negative terms).
 */
export class IncrementalApprox {
  private cur: Float64Array | null = null;
  private bits: Uint8Array | null = null;
  private updates = 0;

  constructor(
    private readonly layer: IntLayer,
    private readonly inp: ApproxRows,
    private readonly d: number,
  ) {}

  at(bits: Uint8Array | null): ApproxRows | null {
    const { layer, inp, d } = this;
    const nIn = inp.n;
    const n = layer.W.length;
    let flips = 0;
    if (this.cur && this.bits && bits) for (let i = 0; i < nIn; i++) if (bits[i] !== this.bits[i]) flips++;
    if (!this.cur || !this.bits || !bits || 2 * flips > nIn || this.updates + flips > 64) {
      const full = approxNext(layer, inp, bits, d);
      if (!full) return null;
      this.cur = full.v;
      this.updates = 0;
    } else if (flips > 0) {
      const ld = layerDoubles(layer)!; // approxNext succeeded with it
      const A = this.cur;
      const I = inp.v;
      const stride = d + 1;
      const rad = radAt(n, d);
      const mag = magAt(n, d);
      const inRad = radAt(nIn, d);
      const inMag = magAt(nIn, d);
      const old = this.bits;
      let finite = true;
      for (let i = 0; i < nIn; i++) {
        if (bits[i] === old[i]) continue;
        const io = i * stride;
        const add = bits[i] !== 0;
        for (let j = 0; j < n; j++) {
          const wi = ld.w[j * nIn + i];
          if (wi === 0) continue;
          const o = j * stride;
          let mg = 0;
          for (let k = 0; k <= d; k++) {
            const t = wi * I[io + k];
            const x = add ? A[o + k] + t : A[o + k] - t;
            A[o + k] = x;
            mg = Math.max(mg, Math.abs(x));
          }
          const aw = Math.abs(wi);
          const r = (A[rad + j] + aw * I[inRad + i] + U * (aw * I[inMag + i] + mg) + 1e-300) * (1 + 4 * U);
          if (!Number.isFinite(r)) finite = false;
          A[mag + j] = mg;
          A[rad + j] = r;
        }
      }
      if (!finite) return (this.cur = null);
      this.updates += flips;
    }
    this.bits = bits ? bits.slice() : null;
    return { v: this.cur.slice(), n };
  }
}
