/**
 * Emptiness of a cell inside the domain box from the float dual of its interior problem
 * (InteriorDecider's route to "empty" when no certificate is written), decided exactly.
 *
 * The exact test is a sign: U <= 0 for an integer U built from BigInt rows. Its float value with
 * a proven error bound decides first (as the vertex engine's filter does), and BigInt computes U
 * only when the float value is within its bound of 0. The verdict is the same either way.
 */
import type { OuterBox, Row } from './interior.js';

/**
 * Emptiness of the open polyhedron {x : a_i·x < b_i} inside the outer box, from the float dual
 * y of its interior problem, in exact BigInt arithmetic. The float y only proposes multipliers:
 * any integers Y_i >= 0, not all zero, prove emptiness when U <= 0 below, whatever their origin.
 *
 * Proof. Let r = Σ Y_i a_i and V = Σ Y_i b_i. If x satisfied every row, then r·x < V (strict: some
 * Y_i > 0). The box gives q·r_k·x_k >= min(r_k·lo_k, r_k·hi_k), so
 *   q·V > q·r·x >= Σ_k min(r_k·lo_k, r_k·hi_k),  i.e.  U := q·V - Σ_k min(r_k·lo_k, r_k·hi_k) > 0.
 * Hence U <= 0 means no such x. (Equivalently, Y plus the multipliers |r_k| of the box rows is a
 * Motzkin certificate: the box rows absorb the residual r that float multipliers leave.)
 *
 * The float dual is for the normalised rows a_i/fs_i, so Y_i ≈ 2^s·y_i/fs_i (each rounded to 53
 * bits) makes r small when the float LP is accurate; U <= 0 then holds whenever the optimal
 * margin t* is clearly negative. Degenerate cells (t* = 0: the hyperplane touches the cell) fail
 * here and go to the exact null space as before.
 */
export function emptyThroughBox(rows: Row[], yf: Float64Array, box: OuterBox, filter = true): boolean {
  // filter false: BigInt only (tests compare the two)
  const d = box.lo.length;
  // Y_i = round(μ_i·2^(52-E_i))·2^(E_i-Emin) with μ_i = y_i/fs_i and E_i = ⌈log2 μ_i⌉: 52 bits of
  // every μ_i, whose sizes differ by many orders (a box row next to a deep layer's row)
  let emin = Infinity;
  const len = yf.length;
  if (scratchE.length < len) scratchE = new Float64Array(Math.max(len, 2 * scratchE.length));
  const E = scratchE; // E[i] = ⌈log2 μ_i⌉ (computed once, the same expression as before), NaN: skipped
  for (let i = 0; i < len; i++) {
    E[i] = NaN;
    if (!(yf[i] > 0)) continue;
    const fs = rows[i].fs;
    if (!fs) return false; // a row shifted to fit doubles (over 1000 bits): not worth it here
    const mu = yf[i] / fs;
    if (!(mu > 0) || !Number.isFinite(mu)) continue;
    const e = Math.ceil(Math.log2(mu));
    E[i] = e;
    emin = Math.min(emin, e);
  }
  if (!Number.isFinite(emin)) return false;
  // the multipliers: row index, 53-bit mantissa v and shift e − emin (Y_i = v·2^(e − emin))
  if (scratchIdx.length < len) {
    scratchIdx = new Int32Array(scratchE.length);
    scratchMant = new Float64Array(scratchE.length);
    scratchShift = new Int32Array(scratchE.length);
  }
  const idx = scratchIdx;
  const mant = scratchMant;
  const shift = scratchShift;
  let count = 0;
  for (let i = 0; i < len; i++) {
    const e = E[i];
    if (e !== e) continue; // any choice of Y_i >= 0 is sound; skip odd ones (and y_i = 0)
    const mu = yf[i] / rows[i].fs!;
    const v = Math.round(mu * pow2(52 - e));
    if (!(v > 0) || !Number.isSafeInteger(v)) continue;
    idx[count] = i;
    mant[count] = v;
    shift[count] = e - emin;
    count++;
  }
  if (count === 0) return false;
  const filtered = filter ? floatSign(rows, idx, mant, shift, count, box) : 0;
  if (filtered !== 0) return filtered < 0;
  let V = 0n;
  const r = new Array<bigint>(d).fill(0n);
  for (let n = 0; n < count; n++) {
    const Y = BigInt(mant[n]) << BigInt(shift[n]);
    const a = rows[idx[n]].a;
    V += Y * rows[idx[n]].b;
    for (let k = 0; k < d; k++) if (a[k] !== 0n) r[k] += Y * a[k];
  }
  let U = box.q * V;
  for (let k = 0; k < d; k++) U -= r[k] >= 0n ? r[k] * box.lo[k] : r[k] * box.hi[k];
  return U <= 0n;
}

const EPS = 2 ** -52;

// Reused buffers of emptyThroughBox (it does not recurse and keeps no reference).
let scratchE = new Float64Array(64);
let scratchIdx = new Int32Array(64);
let scratchMant = new Float64Array(64);
let scratchShift = new Int32Array(64);

/** 2^k for integer k: the value of `2 ** k` (a table of those very values; `2 ** k` outside it). */
const POW2_MIN = -1100;
const POW2 = Float64Array.from({ length: 2301 }, (_, i) => 2 ** (i + POW2_MIN));
function pow2(k: number): number {
  const i = k - POW2_MIN;
  return i >= 0 && i < POW2.length ? POW2[i] : 2 ** k;
}

/** The box's q, lo, hi as doubles when each is one exactly (else null: no filter). */
const boxDoubles = new WeakMap<OuterBox, { q: number; lo: Float64Array; hi: Float64Array } | null>();
function exactBoxDoubles(box: OuterBox): { q: number; lo: Float64Array; hi: Float64Array } | null {
  let out = boxDoubles.get(box);
  if (out === undefined) {
    const exact = (v: bigint) => Number.isSafeInteger(Number(v)) && BigInt(Number(v)) === v;
    const ok = exact(box.q) && box.lo.every(exact) && box.hi.every(exact);
    out = ok ? { q: Number(box.q), lo: Float64Array.from(box.lo, Number), hi: Float64Array.from(box.hi, Number) } : null;
    boxDoubles.set(box, out);
  }
  return out;
}

/**
 * The sign of U through floats: 1 when U > 0 is proven, −1 when U < 0 is, 0 when unclear.
 * Each row's doubles fr (Number of each a_k and of b: relative error 2^-53) times Y_i (exact in a
 * double: a 53-bit integer times a power of two) carries two roundings; a sum of m such terms
 * adds γ_{m−1} of Σ|terms| [Higham], so |r̃_k − r_k| <= (m + 3)·2^-52·S_k with S_k = Σ_i|Y_i a_ik|
 * as floats (their own rounding is in the factor 1.01), and the same for V. min(r·lo, r·hi) is
 * Lipschitz in r with constant max(|lo|, |hi|) (and the branch taken by the sign of r̃ is that min,
 * as lo <= hi). q, lo and hi are exact doubles. The last d + 1 terms add (d + 2)·2^-52 of their sum
 * of absolute values and each product 2^-52 of itself.
 */
function floatSign(rows: Row[], idx: Int32Array, mant: Float64Array, shift: Int32Array, m: number, box: OuterBox): -1 | 0 | 1 {
  const bd = exactBoxDoubles(box);
  if (!bd) return 0;
  const d = bd.lo.length;
  const r = new Float64Array(d);
  const S = new Float64Array(d);
  let V = 0;
  let SV = 0;
  for (let n = 0; n < m; n++) {
    const fr = rows[idx[n]].fr;
    if (!fr) return 0;
    const Y = mant[n] * pow2(shift[n]);
    const tb = Y * fr[d];
    V += tb;
    SV += Math.abs(tb);
    for (let k = 0; k < d; k++) {
      const t = Y * fr[k];
      r[k] += t;
      S[k] += Math.abs(t);
    }
  }
  const c = (m + 3) * EPS * 1.01;
  let U = bd.q * V;
  let err = bd.q * SV * c + EPS * Math.abs(U);
  let mag = Math.abs(U);
  for (let k = 0; k < d; k++) {
    const lo = bd.lo[k];
    const hi = bd.hi[k];
    const t = r[k] >= 0 ? r[k] * lo : r[k] * hi;
    U -= t;
    err += Math.max(Math.abs(lo), Math.abs(hi)) * S[k] * c + EPS * Math.abs(t);
    mag += Math.abs(t);
  }
  err = (err + (d + 2) * EPS * mag) * 1.01 + 1e-300;
  if (!Number.isFinite(U + err)) return 0;
  return U > err ? 1 : U < -err ? -1 : 0;
}
