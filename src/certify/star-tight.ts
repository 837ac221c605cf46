/**
 * Tight intermediate bounds for the star engine's prune test (format version 4): the CROWN pass
 * of a cell (star-exact.ts cellBounds, every unstable neuron of the later layers refined by its
 * own backward pass) concretises each refined neuron's affine bound Λ·(x − blo) + β <= s·z over
 * the cell's BOUNDING BOX; over the cell's polytope P = {x in [blo, bhi] : split rows} it is
 * often far tighter (P is cut by every split above the cell). The search's float LP proposes
 * multipliers y >= 0 on P's split rows and `polyLower` turns them into a bound valid on P,
 * in doubles with proven directed rounding — so a float proposal only weakens or tightens a
 * bound, it never makes one wrong. A prune line carries the multipliers of the neurons they
 * tightened (`tight: [[m, j, s, pairs], ...]`); the checker recomputes the same CROWN pass with
 * them (any neuron without an entry keeps its box bound).
 *
 * Why polyLower is a lower bound of Λ·x' + β on P (x' = x − blo >= 0, x' <= w = bhi − blo):
 * each row a_t·x <= b_t is a_t·x' <= b'_t with b'_t = b_t − a_t·blo (computed exactly, then
 * rounded up); with ρ = Λ + Σ_t y_t a_t (y_t >= 0),
 *   Λ·x' = ρ·x' − Σ_t y_t a_t·x' >= ρ·x' − Σ_t y_t b'_t >= Σ_i min(0, ρ_i)·w_i − Σ_t y_t b'_t,
 * and with ρ_i >= r_i (every product and sum rounded down; a_t enclosed by doubles) and
 * x'_i >= 0, min(0, ρ_i)·x'_i >= min(0, r_i)·W_i for W_i >= w_i (rounded up). Each operation
 * is rounded outward with directed-rounding.ts's dn/up (proof there).
 */
import type { Rational } from '../kernel/rational.js';
import { fail, isIndex, type Row } from './checker.js';
import { dn, mulLo, ratUp, up } from './directed-rounding.js';
import type { LinearBound } from './linear-bounds.js';
import { readPairs, type Pairs } from './star-exact.js';

/** A cell's polytope in doubles: widths (rounded up), rows' a enclosed, b' = b − a·blo rounded up. */
export interface PolyFrame {
  w: Float64Array;
  alo: Float64Array[];
  ahi: Float64Array[];
  bup: Float64Array;
}

const TWO53 = 2n ** 53n;

/** Doubles lo <= v <= hi for an integer v. */
function encloseInt(v: bigint): [number, number] {
  const f = Number(v);
  if (v <= TWO53 && -v <= TWO53) return [f, f];
  return [dn(f), up(f)];
}

export function polyFrame(rows: readonly Row[], blo: readonly Rational[], bhi: readonly Rational[]): PolyFrame {
  const d = blo.length;
  const w = new Float64Array(d);
  for (let i = 0; i < d; i++) w[i] = ratUp({ n: bhi[i].n * blo[i].d - blo[i].n * bhi[i].d, d: bhi[i].d * blo[i].d });
  let L = 1n;
  for (const v of blo) L = lcmB(L, v.d);
  const scaled = blo.map((v) => v.n * (L / v.d)); // blo_i = scaled_i / L
  const alo: Float64Array[] = [];
  const ahi: Float64Array[] = [];
  const bup = new Float64Array(rows.length);
  rows.forEach((r, t) => {
    const lo = new Float64Array(d);
    const hi = new Float64Array(d);
    let num = r.b * L;
    for (let i = 0; i < d; i++) {
      [lo[i], hi[i]] = encloseInt(r.a[i]);
      num -= r.a[i] * scaled[i];
    }
    alo.push(lo);
    ahi.push(hi);
    bup[t] = ratUp({ n: num, d: L });
  });
  return { w, alo, ahi, bup };
}

/** A lower bound of Λ·(x − blo) + β over P (b: a refined neuron's backward bound), from multipliers on P's rows; −Infinity if not finite. */
export function polyLower(f: PolyFrame, b: LinearBound, pairs: Pairs): number {
  if (b.beta === undefined) return -Infinity;
  const coef = b.coef;
  const d = coef.length;
  let v = b.beta;
  const r = Float64Array.from(coef);
  for (const [t, y] of pairs) {
    if (!(y > 0)) continue;
    const lo = f.alo[t];
    const hi = f.ahi[t];
    for (let i = 0; i < d; i++) if (lo[i] !== 0 || hi[i] !== 0) r[i] = dn(r[i] + mulLo(y, y, lo[i], hi[i]));
    v = dn(v - up(y * f.bup[t]));
  }
  for (let i = 0; i < d; i++) {
    if (!Number.isFinite(r[i])) return -Infinity; // (an overflowed or NaN slope: no bound)
    if (r[i] < 0) v = dn(v + dn(r[i] * f.w[i]));
  }
  return Number.isFinite(v) ? v : -Infinity;
}

/** One tightened neuron of a prune line: [layer m of the sub-network, neuron j, s = ±1, pairs]. */
export type TightEntry = [number, number, 1 | -1, Pairs];

/** The `tight` field of a prune line as a lookup for cellBounds' hook (the checker's side). */
export function readTight(v: unknown, rows: number): Map<string, Pairs> {
  const map = new Map<string, Pairs>();
  if (v === undefined) return map;
  if (!Array.isArray(v)) return fail('prune: tight must be an array of [layer, neuron, ±1, pairs]');
  for (const e of v as unknown[]) {
    if (!Array.isArray(e) || e.length !== 4) fail('prune: each tight entry is [layer, neuron, ±1, pairs]');
    const [m, j, s, p] = e as unknown[];
    if (!isIndex(m) || m < 1 || !isIndex(j) || (s !== 1 && s !== -1)) fail(`prune: tight entry ${JSON.stringify([m, j, s])}`);
    const key = `${m},${j},${s}`;
    if (map.has(key)) fail(`prune: tight entry ${key} given twice`);
    map.set(key, readPairs(p, rows, 'prune: tight'));
  }
  return map;
}

function lcmB(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y) [x, y] = [y, x % y];
  return (a / x) * b;
}
