/**
 * What a finished cell's exact vertices give without an LP (the vertex engine, vertex-cells.ts):
 * its facet rows (combinatorial: a row tight on at least d vertices whose set no other row's
 * contains), an exact interior witness (the vertex centroid rounded short, checked through the
 * proven float filter, else in BigInt), and the Motzkin multipliers of an empty side.
 */
import { popcount } from '../kernel/bitset.js';
import { dot, type Point } from '../kernel/intvec.js';
import { integerNullspace } from '../kernel/nullspace.js';
import { isStrictlyInside, strictlyInsideFiltered, type Row } from '../lp/interior.js';
import type { Vertex, VertexGeometry } from './vertex-cells.js';

/** cellFacets' scratch: each row's tight-vertex bitset (W words a row) and its size. */
let fsets = new Uint32Array(256);
let fsize = new Int32Array(64);

/**
 * A Motzkin certificate that the strict system rows ∪ {other} is empty, read off the cell's
 * vertices: `other` is a·x < b with a·x >= b on the whole cell; at a vertex v* minimising
 * a·x − b the KKT multipliers of the rows tight there, with 1 on `other`, sum the normals to
 * zero and the right-hand sides to b − a·v* <= 0. Null when v* is degenerate (more tight rows
 * than one multiplier vector fixes): the caller then asks an LP.
 */
export function motzkinAtVertex(geo: VertexGeometry, verts: Vertex[], rows: Row[], other: Row): bigint[] | null {
  let best: Vertex | null = null;
  let bestNum = 0n;
  let bestDen = 1n;
  for (const v of verts) geo.exact(v);
  for (const v of verts) {
    const num = dot(other.a, v.p) - other.b * v.q; // (a·v − b)·q
    if (!best || num * bestDen < bestNum * v.q) {
      best = v;
      bestNum = num;
      bestDen = v.q;
    }
  }
  if (!best) return null;
  const tight: number[] = [];
  for (let w = 0; w < geo.words; w++) {
    let bits = best.tight[w];
    while (bits !== 0) {
      tight.push(w * 32 + (31 - Math.clz32(bits & -bits)));
      bits &= bits - 1;
    }
  }
  if (tight.length !== geo.d) return null;
  const support = [...tight.map((k) => rows[k].a), other.a];
  const M: bigint[][] = [];
  for (let k = 0; k < geo.d; k++) M.push(support.map((a) => a[k]));
  const basis = integerNullspace(M, support.length);
  if (basis.length !== 1) return null;
  let y = basis[0];
  if (y[y.length - 1] < 0n) y = y.map((v) => -v);
  if (y.some((v) => v < 0n)) return null;
  const out = new Array<bigint>(rows.length + 1).fill(0n);
  tight.forEach((k, i) => (out[k] = y[i]));
  out[rows.length] = y[y.length - 1];
  return out;
}

/**
 * Indices of rows that are facets: tight on a vertex set contained in no other row's (of rows
 * with equal sets, the same hyperplane given twice, only the first).
 */
export function cellFacets(geo: VertexGeometry, verts: Vertex[], nRows: number): number[] {
  // each row's set of tight vertices: W words per row in one reused buffer, filled from the
  // vertices' tight bits (a few per vertex) instead of a scan of every row at every vertex
  const n = verts.length;
  const W = Math.ceil(n / 32);
  const need = nRows * W;
  if (fsets.length < need) fsets = new Uint32Array(Math.max(need, 2 * fsets.length));
  if (fsize.length < nRows) fsize = new Int32Array(Math.max(nRows, 2 * fsize.length));
  const sets = fsets;
  const size = fsize;
  sets.fill(0, 0, need);
  size.fill(0, 0, nRows);
  for (let i = 0; i < n; i++) {
    const t = verts[i].tight;
    const bit = 1 << (i & 31);
    const wi = i >> 5;
    for (let w = 0; w < t.length; w++) {
      let bits = t[w];
      while (bits !== 0) {
        const r = w * 32 + (31 - Math.clz32(bits & -bits));
        bits &= bits - 1;
        if (r >= nRows) continue;
        sets[r * W + wi] |= bit;
        size[r]++;
      }
    }
  }
  const out: number[] = [];
  for (let r = 0; r < nRows; r++) {
    if (size[r] < geo.d) continue;
    const br = r * W;
    let dominated = false;
    for (let o = 0; o < nRows && !dominated; o++) {
      if (o === r || size[o] < size[r]) continue; // a superset has at least as many vertices
      const bo = o * W;
      let subset = true;
      let equal = true;
      for (let k = 0; k < W; k++) {
        const a = sets[br + k];
        const b = sets[bo + k];
        if (((a & b) >>> 0) !== a) {
          subset = false;
          break;
        }
        if (a !== b) equal = false;
      }
      // of rows with equal sets (the same hyperplane given twice), only the first
      dominated = subset && (o < r || !equal);
    }
    if (!dominated) out.push(r);
  }
  return out;
}

/** The witness's tries: the centroid rounded to 20, 40, then 60 bits after the point. */
const WITNESS_BITS = [20, 40, 60];
const WITNESS_SCALE = WITNESS_BITS.map((b) => 2 ** b);
const WITNESS_Q = WITNESS_BITS.map((b) => 2n ** BigInt(b));

/** An exact interior point: the float centroid rounded short if it checks, else the exact centroid. */
export function cellWitness(geo: VertexGeometry, verts: Vertex[], rows: Row[], rowsF?: readonly Float64Array[]): Point {
  // rowsF: each row's doubles as rowDoubles gives them, when the caller keeps them
  const n = verts.length;
  const d = geo.d;
  const c = new Float64Array(d);
  if (geo.lazy) {
    // counting: the witness is only checked, never written, and any proposal serves (the check
    // below decides exactly, and a region counts one witness whichever try succeeds): the sum,
    // then one division per coordinate
    for (let i = 0; i < n; i++) {
      const f = verts[i].f;
      for (let k = 0; k < d; k++) c[k] += f[k];
    }
    for (let k = 0; k < d; k++) c[k] /= n;
  } else {
    // records keep these witnesses: the same operations as ever
    for (let i = 0; i < n; i++) {
      const f = verts[i].f;
      for (let k = 0; k < d; k++) c[k] += f[k] / n;
    }
  }
  const floats = rowsF ? (i: number) => rowsF[i] : (i: number) => rowDoubles(rows[i]);
  for (let t = 0; t < WITNESS_BITS.length; t++) {
    const scale = WITNESS_SCALE[t];
    const p = new Array<bigint>(d);
    for (let k = 0; k < d; k++) p[k] = BigInt(Math.round(c[k] * scale));
    const pt = { p, q: WITNESS_Q[t] };
    if (strictlyInsideFiltered(rows, pt, d, floats, false)) return (geo.counter.witness++, pt);
  }
  // exact centroid: Σ p_i / q_i over n, on the common denominator Π-free via lcm-less product
  for (const v of verts) geo.exact(v);
  let q = 1n;
  for (const v of verts) q *= v.q;
  const p = new Array<bigint>(geo.d).fill(0n);
  for (const v of verts) {
    const f = q / v.q;
    for (let k = 0; k < geo.d; k++) p[k] += v.p[k] * f;
  }
  const pt = { p, q: q * BigInt(n) };
  // float mode may have cut a cell along a hyperplane it only grazes: unsound, not an error
  if (geo.floatOnly) return pt;
  if (!isStrictlyInside(rows, pt)) throw new Error('vertex-cells: internal error: centroid not interior');
  geo.counter.witness++;
  return pt;
}

/** A row a·x < b's doubles as the filter reads them: Number(a_k), then Number(−b); once per row object. */
const rowFloats = new WeakMap<Row, Float64Array>();
function rowDoubles(row: Row): Float64Array {
  let out = rowFloats.get(row);
  if (!out) rowFloats.set(row, (out = floatRow(row.a, -row.b)));
  return out;
}

/** g then e as doubles (Number of each: the filter's inputs). */
export function floatRow(g: readonly bigint[], e: bigint): Float64Array {
  const out = new Float64Array(g.length + 1);
  for (let k = 0; k < g.length; k++) out[k] = Number(g[k]);
  out[g.length] = Number(e);
  return out;
}
