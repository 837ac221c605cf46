/**
 * Is a one-layer arrangement {w_i·x + b_i = 0} in general position? Decided exactly.
 *
 * General position in R^d: every k <= d of the hyperplanes meet in a (d−k)-flat and no d+1 of
 * them share a point. With integer rows (each scaled by the lcm of its denominators, which
 * changes no rank) this is: every min(n, d) normals are linearly independent, and every d+1
 * augmented rows [w_i, b_i] are linearly independent.
 *
 * Speed without floats: the subsets are walked depth first with an echelon basis modulo the
 * prime p = 2^26 − 5 (products stay below 2^53). A set independent modulo p is independent over
 * the integers (a nonzero minor mod p is a nonzero minor), so "independent" is exact. A set
 * dependent modulo p is re-decided exactly with the kernel's integer null space
 * (kernel/nullspace.ts); if it is independent after all (p divides a minor), every full-size
 * subset extending it is checked exactly too.
 */
import { integerNullspace } from '../kernel/nullspace.js';
import { lcm, type Rational } from '../kernel/rational.js';

const P = 67108859; // 2^26 − 5, prime

const mulMod = (a: number, b: number) => (a * b) % P;
function invMod(a: number): number {
  let [r0, r1, s0, s1] = [a, P, 1, 0];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % P) + P) % P;
}

/** Exactly: are these integer rows linearly independent? (No nonzero y with y·rows = 0.) */
export function rowsIndependent(rows: readonly bigint[][]): boolean {
  if (rows.length === 0) return true;
  const cols = rows[0].length;
  if (rows.length > cols) return false;
  const transposed = Array.from({ length: cols }, (_, c) => rows.map((r) => r[c]));
  return integerNullspace(transposed, rows.length).length === 0;
}

function integerRow(row: readonly Rational[]): bigint[] {
  const L = row.reduce((acc, r) => lcm(acc, r.d), 1n);
  return row.map((r) => (r.n * L) / r.d);
}

function* combinations(from: number[], n: number, k: number, start = 0): Generator<number[]> {
  if (k === 0) return yield from;
  for (let i = start; i <= n - k; i++) yield* combinations([...from, i], n, k - 1, i + 1);
}

/** Are all k-subsets of the rows independent? Exact (see the module comment). */
export function allSubsetsIndependent(rows: readonly bigint[][], k: number): boolean {
  const n = rows.length;
  if (k === 0) return true;
  if (k > rows[0].length) return n < k; // more rows than columns: any k rows are dependent
  const modRows = rows.map((r) => r.map((v) => Number(((v % BigInt(P)) + BigInt(P)) % BigInt(P))));
  // basis rows normalised so that their pivot entry is 1
  const walk = (chosen: number[], basis: { row: number[]; pivot: number }[], start: number): boolean => {
    if (chosen.length === k) return true;
    for (let i = start; i <= n - (k - chosen.length); i++) {
      const r = modRows[i].slice();
      for (const b of basis) {
        const f = r[b.pivot];
        if (f !== 0) for (let c = 0; c < r.length; c++) r[c] = (r[c] - mulMod(f, b.row[c]) + P) % P;
      }
      const pivot = r.findIndex((v) => v !== 0);
      const subset = [...chosen, i];
      if (pivot < 0) {
        // dependent modulo p: decide exactly
        if (!rowsIndependent(subset.map((j) => rows[j]))) return false;
        for (const rest of combinations([], n, k - subset.length, i + 1)) {
          if (rest.some((j) => j <= i)) continue;
          if (!rowsIndependent([...subset, ...rest].map((j) => rows[j]))) return false;
        }
        continue;
      }
      const inv = invMod(r[pivot]);
      const row = r.map((v) => mulMod(v, inv));
      if (!walk(subset, [...basis, { row, pivot }], i + 1)) return false;
    }
    return true;
  };
  return walk([], [], 0);
}

/** Is the arrangement of the layer's hyperplanes w_i·x + b_i = 0 in general position in R^d? */
export function isGenericArrangement(weights: readonly Rational[][], bias: readonly Rational[]): boolean {
  const n = weights.length;
  if (n === 0) return true;
  const d = weights[0].length;
  const normals = weights.map((w) => integerRow(w));
  if (!allSubsetsIndependent(normals, Math.min(n, d))) return false;
  if (n <= d) return true;
  const augmented = weights.map((w, i) => integerRow([...w, bias[i]]));
  return allSubsetsIndependent(augmented, d + 1);
}
