/**
 * A warm-started float simplex for the interior problem of a growing list of rows (the cells of
 * the enumerator's split tree: a child cell is its parent plus one row). It only proposes, like
 * dense-float-simplex.ts; InteriorDecider.decideFromProposal certifies exactly.
 *
 * It solves the same dual as dense-float-simplex.ts,
 *
 *   minimise  Σ fb_i y_i + u   s.t.  Σ y_i fa_i = 0,  Σ y_i + u = 1,  y, u >= 0,
 *
 * as a revised simplex with the explicit (d+1)×(d+1) basis inverse. A new row of the primal is a
 * new column of the dual: the optimal basis of the parent stays feasible, so the child starts
 * from it and usually needs no pivot or one or two. The primal answer is read off the simplex
 * multipliers π = c_B·B⁻¹: x = π_0..π_{d-1}, t = π_d. The right-hand side is e_d, so the basic
 * values are the last column of B⁻¹.
 *
 * Column codes in `basis`: i >= 0 is y_i (row i), U = -1 is u, ART - k (k < d) is the artificial of
 * equation k (they start the basis at level 0 and never enter again).
 *
 * Early stop for empty sides (`solve` only). Every basis the simplex visits is primal feasible for
 * the dual above (the basic values, the last column of B⁻¹, stay >= 0), and its objective is
 * c_B·B⁻¹·e_d = π_d. By weak duality π_d >= t* (the primal maximum) at every such basis, so once
 * π_d < STOP_BELOW < 0 the float LP already says t* < 0 (the side is empty), and the current basic
 * y (Σ y_i fa_i ≈ 0, Σ fb_i y_i <= π_d < 0) proposes the multipliers of that: `solve` returns them
 * without pivoting on to the optimum. The stop changes no verdict and no route: it is tested
 * exactly where the pivots to the optimum would have gone on, so a side that is not empty pivots
 * as before, to the same optimal basis and the same witness. This is a proposal like any other: the decider certifies it exactly (through the
 * box or a Motzkin certificate, box-emptiness.ts, interior.ts) and decides from scratch when that
 * fails. The state is then left not optimal (a later `optimise` goes on from it); the caller drops
 * it on an empty side. The last pivot before such a stop is tried first without writing the state
 * (`tryStopAfter`): when it stops, the state (often shared by `clone`) is not touched or copied.
 *
 * Clones share basis and B⁻¹ until one of them writes (copy on write, `own`).
 */
import { ensureFloatRow, type Row } from './interior.js';
import type { FloatInteriorResult } from './types.js';

const EPS = 1e-11;
const MAX_ITERATIONS = 2000;
const REFACTOR_EVERY = 24; // pivots between recomputations of B⁻¹ from the basis columns
/** `solve` stops once the dual objective π_d (an upper bound on t*) is below this. */
const STOP_BELOW = -1e-9;
const U = -1;
const ART = -2;

export class WarmInterior {
  /** Rows of the list already priced in (columns 0..m-1). */
  private m = 0;
  private optimal = false;
  private sincePivot = 0;
  /** false while basis and inv may be shared with a clone: copied before the first write. */
  private owned = true;

  private constructor(
    readonly d: number,
    private basis: number[], // integer codes
    private inv: number[], // row-major (d+1)×(d+1), doubles
  ) {}

  static start(d: number): WarmInterior {
    const n = d + 1;
    const basis: number[] = [];
    for (let k = 0; k < n; k++) basis.push(0);
    for (let k = 0; k < d; k++) basis[k] = ART - k;
    basis[d] = U;
    const inv = doubles(n * n);
    for (let k = 0; k < n; k++) inv[k * n + k] = 1;
    return new WarmInterior(d, basis, inv);
  }

  clone(): WarmInterior {
    const c = new WarmInterior(this.d, this.basis, this.inv);
    c.m = this.m;
    c.optimal = this.optimal;
    c.sincePivot = this.sincePivot;
    c.owned = this.owned = false;
    return c;
  }

  /**
   * Makes basis and inv this state's own before a write. (Plain arrays, not typed ones: V8 keeps a
   * typed array over 64 bytes off the heap, and allocating one costs about 0.5 µs, a plain array's
   * copy a tenth of that. inv holds doubles only, see `doubles`: the same values, the same arithmetic.)
   */
  private own(): void {
    if (this.owned) return;
    this.basis = this.basis.slice();
    this.inv = this.inv.slice();
    this.owned = true;
  }

  /**
   * Optimises over `rows` (the rows this state was built on, plus any appended since) and
   * returns the proposal. Never throws; `failed` when the iteration limit is hit. The arrays x and
   * y of the answer are reused buffers, valid until the next `solve` of any state: read them (as
   * InteriorDecider.decideFromProposal does) before solving again, and keep no reference.
   */
  solve(rows: Row[]): FloatInteriorResult {
    const { d } = this;
    const n = d + 1;
    const m = rows.length;
    const status = this.run(rows, true);
    if (status === FAILED) return failed(d);
    const y = zeroY(m);
    if (status === STOPPED_VIRTUAL) {
      // the stop after a pivot not written to the state (tryStopAfter): its y and π_d
      const x = zeroX(d);
      for (let r = 0; r < n; r++) if (stopBasis[r] >= 0) y[stopBasis[r]] = Math.max(0, stopVal[r]);
      return { t: stopT, x, y };
    }
    const { basis, inv } = this;
    const pi = scratchPi;
    if (status !== PI_READY) this.multipliers(rows, pi); // else run left π of this very basis there
    const x = zeroX(d);
    for (let k = 0; k < d; k++) x[k] = pi[k];
    for (let r = 0; r < n; r++) if (basis[r] >= 0) y[basis[r]] = Math.max(0, inv[r * n + d]);
    return { t: pi[d], x, y };
  }

  /** Brings the basis to optimality over `rows`; false when the iteration limit is hit. */
  optimise(rows: Row[]): boolean {
    return this.run(rows, false) !== FAILED;
  }

  /**
   * optimise, returning FAILED, DONE (optimal), PI_READY (optimal, and scratchPi holds π of the
   * final basis) or, with `stop`, STOPPED / STOPPED_VIRTUAL (π_d < STOP_BELOW: see the header).
   */
  private run(rows: Row[], stop: boolean): number {
    const { d } = this;
    const n = d + 1;
    const m = rows.length;
    for (let i = this.m; i < m; i++) ensureFloatRow(rows[i]);
    if (scratchCol.length < n) {
      scratchCol = new Float64Array(n);
      scratchPi = new Float64Array(n);
    }
    const col = scratchCol; // the same arithmetic on reused buffers (optimise does not recurse)
    const pi = scratchPi;
    let piReady = false;
    // When the state was optimal, every old column (and u) was priced out under this very basis,
    // so the first full pricing of phase 2 would pick the most negative new column (first on
    // ties), with the same π: `first` is that column, and phase 2 starts from it directly.
    let first = -2;
    if (m > this.m) {
      // the old columns are priced out already when optimal: only the new ones may enter
      for (let r = 0; r < n; r++) if (this.basis[r] <= ART) this.optimal = false; // an artificial may leave now
      if (this.optimal) {
        this.multipliers(rows, pi);
        piReady = true;
        let bestRc = -EPS;
        for (let j = this.m; j < m; j++) {
          const s = reducedCost(rows[j], pi, d);
          if (s < bestRc) {
            first = j;
            bestRc = s;
          }
        }
        if (first !== -2) this.optimal = false;
      }
      this.m = m;
    }
    if (!this.optimal) {
      if (this.sincePivot >= REFACTOR_EVERY) {
        this.refactor(rows);
        first = -2; // B⁻¹ recomputed: price everything afresh
      }
      // (re-read after each pivot: the first write of a shared state copies its arrays, see own)
      let { basis, inv } = this;
      // phase 1: artificials still basic (at level 0) leave first, on any usable column
      for (let r = 0; r < n; r++) {
        if (basis[r] > ART) continue;
        let best = -1;
        let bestAbs = 1e-9;
        for (let j = 0; j < m; j++) {
          if (this.isBasic(j)) continue;
          this.column(rows, j, col);
          const v = Math.abs(col[r]);
          if (v > bestAbs) {
            bestAbs = v;
            best = j;
          }
        }
        if (best >= 0) {
          this.column(rows, best, col);
          this.pivot(r, best, col);
          ({ basis, inv } = this);
          first = -2;
        }
      }
      // phase 2
      let bland = false;
      for (let iter = 0; ; iter++) {
        if (iter > MAX_ITERATIONS) return FAILED;
        if (iter > 50) bland = true;
        let enter = -2;
        let bestRc = -EPS;
        if (iter === 0 && first !== -2) {
          enter = first; // priced above (π unchanged since)
        } else {
          this.multipliers(rows, pi);
          if (stop && pi[d] < STOP_BELOW) return STOPPED; // dual objective below 0: see the header
        }
        if (enter === -2) {
          // u first (code U), then the rows in order
          if (!this.isBasic(U)) {
            const rc = 1 - pi[d];
            if (rc < bestRc) {
              enter = U;
              bestRc = rc;
            }
          }
          const basic = this.basicFlags(m);
          for (let j = 0; j < m && !(bland && enter !== -2); j++) {
            if (basic[j] !== 0) continue;
            const s = reducedCost(rows[j], pi, d);
            if (s < bestRc) {
              enter = j;
              bestRc = s;
            }
          }
          if (enter === -2) {
            piReady = true; // π of the final basis
            break;
          }
        }
        piReady = false;
        this.column(rows, enter, col);
        let leave = -1;
        let bestRatio = Infinity;
        for (let r = 0; r < n; r++) {
          const a = col[r];
          if (basis[r] <= ART) {
            // an artificial at level 0 must stay at 0: it leaves on any usable entry
            if (Math.abs(a) > 1e-9) {
              leave = r;
              break;
            }
            continue;
          }
          if (a > EPS) {
            const ratio = inv[r * n + d] / a;
            if (ratio < bestRatio - 1e-14 || (bland && Math.abs(ratio - bestRatio) <= 1e-14 && basis[r] < basis[leave])) {
              bestRatio = ratio;
              leave = r;
            }
          }
        }
        if (leave < 0) return FAILED;
        if (stop && this.tryStopAfter(rows, leave, enter, col)) return STOPPED_VIRTUAL;
        this.pivot(leave, enter, col);
        ({ basis, inv } = this);
      }
      this.optimal = true;
    }
    return piReady ? PI_READY : DONE;
  }

  /**
   * The pivot (leave r, enter column `enter` with B⁻¹A = col) without writing the state: when the
   * new basis's π_d is below STOP_BELOW, stores its basis codes, basic values and π_d in
   * stopBasis, stopVal, stopT and returns true. The values are computed with exactly the floating
   * operations of `pivot` followed by `multipliers` (row r divided by the pivot, then the others
   * updated; π_d summed over the basis rows in order), so its t and y are those of pivoting and
   * stopping at the next iteration (x, unused when t < 0, is then left 0).
   */
  private tryStopAfter(rows: Row[], r: number, enter: number, col: Float64Array): boolean {
    const { d, basis, inv } = this;
    const n = d + 1;
    if (stopVal.length < n) {
      stopVal = new Float64Array(n);
      stopBasis = new Int32Array(n);
    }
    const p = col[r];
    const vr = inv[r * n + d] / p;
    let t = 0;
    for (let i = 0; i < n; i++) {
      let v: number;
      let b: number;
      if (i === r) {
        v = vr;
        b = enter;
      } else {
        const f = col[i];
        v = f === 0 ? inv[i * n + d] : inv[i * n + d] - f * vr;
        b = basis[i];
      }
      stopVal[i] = v;
      stopBasis[i] = b;
      const c = b >= 0 ? rows[b].fb! : b === U ? 1 : 0;
      if (c !== 0) t += c * v;
    }
    if (!(t < STOP_BELOW)) return false;
    stopT = t;
    return true;
  }

  /** flags[j] = 1 iff row j's column is basic, for j < m (a reused buffer, valid until the next call). */
  private basicFlags(m: number): Uint8Array {
    if (scratchBasic.length < m) scratchBasic = new Uint8Array(Math.max(m, 2 * scratchBasic.length));
    const flags = scratchBasic;
    flags.fill(0, 0, m);
    for (const b of this.basis) if (b >= 0 && b < m) flags[b] = 1;
    return flags;
  }

  private isBasic(j: number): boolean {
    const { basis } = this;
    for (let r = 0; r < basis.length; r++) if (basis[r] === j) return true;
    return false;
  }

  /** out = B⁻¹·A_j for column code j. */
  private column(rows: Row[], j: number, out: Float64Array): void {
    const { d, inv } = this;
    const n = d + 1;
    if (j === U) {
      for (let r = 0; r < n; r++) out[r] = inv[r * n + d];
      return;
    }
    const fa = rows[j].fa!;
    for (let r = 0; r < n; r++) {
      const base = r * n;
      let s = inv[base + d];
      for (let k = 0; k < d; k++) s += inv[base + k] * fa[k];
      out[r] = s;
    }
  }

  /** π = c_B·B⁻¹ (costs: fb_i for y_i, 1 for u, 0 for artificials). */
  private multipliers(rows: Row[], pi: Float64Array): void {
    const { d, basis, inv } = this;
    const n = d + 1;
    pi.fill(0);
    for (let r = 0; r < n; r++) {
      const b = basis[r];
      const c = b >= 0 ? rows[b].fb! : b === U ? 1 : 0;
      if (c === 0) continue;
      const base = r * n;
      for (let k = 0; k < n; k++) pi[k] += c * inv[base + k];
    }
  }

  private pivot(r: number, enter: number, col: Float64Array): void {
    this.own();
    const { d, basis, inv } = this;
    const n = d + 1;
    const pr = r * n;
    const p = col[r];
    for (let k = 0; k < n; k++) inv[pr + k] /= p;
    for (let i = 0; i < n; i++) {
      if (i === r) continue;
      const f = col[i];
      if (f === 0) continue;
      const pi = i * n;
      for (let k = 0; k < n; k++) inv[pi + k] -= f * inv[pr + k];
    }
    basis[r] = enter;
    this.sincePivot++;
  }

  /** Recomputes B⁻¹ from the basis columns (Gauss–Jordan, partial pivoting): no drift down the tree. */
  private refactor(rows: Row[]): void {
    this.own();
    const { d, basis, inv } = this;
    const n = d + 1;
    if (refactorB.length < n * n) {
      refactorB = new Float64Array(n * n);
      refactorI = new Float64Array(n * n);
    }
    const B = refactorB; // column c of B is the original column of basis[c]
    B.fill(0);
    for (let c = 0; c < n; c++) {
      const j = basis[c];
      if (j >= 0) {
        const fa = rows[j].fa!;
        for (let k = 0; k < d; k++) B[k * n + c] = fa[k];
        B[d * n + c] = 1;
      } else B[(j === U ? d : ART - j) * n + c] = 1;
    }
    const I = refactorI;
    I.fill(0);
    for (let k = 0; k < n; k++) I[k * n + k] = 1;
    for (let c = 0; c < n; c++) {
      let pr = c;
      for (let r = c + 1; r < n; r++) if (Math.abs(B[r * n + c]) > Math.abs(B[pr * n + c])) pr = r;
      const p = B[pr * n + c];
      if (!(Math.abs(p) > 1e-300)) return; // singular (cannot happen for a basis): keep the old inverse
      if (pr !== c) {
        for (let k = 0; k < n; k++) {
          let t = B[pr * n + k];
          B[pr * n + k] = B[c * n + k];
          B[c * n + k] = t;
          t = I[pr * n + k];
          I[pr * n + k] = I[c * n + k];
          I[c * n + k] = t;
        }
      }
      for (let k = 0; k < n; k++) {
        B[c * n + k] /= p;
        I[c * n + k] /= p;
      }
      for (let r = 0; r < n; r++) {
        if (r === c) continue;
        const f = B[r * n + c];
        if (f === 0) continue;
        for (let k = 0; k < n; k++) {
          B[r * n + k] -= f * B[c * n + k];
          I[r * n + k] -= f * I[c * n + k];
        }
      }
    }
    // B⁻¹ maps equation space to basis positions: row c of the inverse belongs to basis[c]
    for (let k = 0; k < n * n; k++) inv[k] = I[k];
    this.sincePivot = 0;
  }
}

/** Row j's reduced cost under π: fb − π_d − Σ π_k·fa_k (in this order, as pricing always computed it). */
function reducedCost(row: Row, pi: Float64Array, d: number): number {
  const fa = row.fa!;
  let s = row.fb! - pi[d];
  for (let k = 0; k < d; k++) s -= pi[k] * fa[k];
  return s;
}

const FAILED = 0;
const DONE = 1;
const PI_READY = 2;
const STOPPED = 3;
const STOPPED_VIRTUAL = 4;

let scratchCol = new Float64Array(0);
let refactorB = new Float64Array(0);
let refactorI = new Float64Array(0);

/** k zeros in a plain array whose elements are doubles (V8 PACKED_DOUBLE_ELEMENTS) from the start. */
function doubles(k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < k; i++) out.push(0.5);
  out.fill(0);
  return out;
}
let stopVal = new Float64Array(0);
let stopBasis = new Int32Array(0);
let stopT = 0;
let scratchPi = new Float64Array(0);
let scratchBasic = new Uint8Array(64);

/** solve's y buffer for m rows, all zero (one per length; the last answer's entries are cleared). */
const yBuffers: Float64Array[] = [];
function zeroY(m: number): Float64Array {
  let y = yBuffers[m];
  if (y === undefined) yBuffers[m] = y = new Float64Array(m);
  else y.fill(0);
  return y;
}
const xBuffers: Float64Array[] = [];
function zeroX(d: number): Float64Array {
  let x = xBuffers[d];
  if (x === undefined) xBuffers[d] = x = new Float64Array(d);
  else x.fill(0);
  return x;
}

function failed(d: number): FloatInteriorResult {
  return { t: -Infinity, x: new Float64Array(d), y: null, failed: true };
}
