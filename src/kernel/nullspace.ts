/**
 * Exact null space of a small integer matrix by fraction-free elimination.
 * Used to turn a float LP's dual support into an exact Motzkin certificate.
 */
import { gcd } from './rational.js';

/**
 * Returns an integer basis of { y : M y = 0 } for M with `rows` rows and `cols` columns
 * (row-major bigint[][]). Vectors are not reduced by their gcd: for the huge entries of deep
 * layers that gcd costs more than every later use of the vector.
 */
export function integerNullspace(M: bigint[][], cols: number): bigint[][] {
  const A = M.map((r) => r.slice());
  const pivotCols: number[] = [];
  let row = 0;
  let prev = 1n; // Gauss–Jordan–Bareiss: every entry stays an integer, divisions are exact
  for (let c = 0; c < cols && row < A.length; c++) {
    let pr = -1;
    for (let r = row; r < A.length; r++) if (A[r][c] !== 0n) { pr = r; break; }
    if (pr < 0) continue;
    [A[row], A[pr]] = [A[pr], A[row]];
    const piv = A[row];
    const p = piv[c];
    for (let r = 0; r < A.length; r++) {
      if (r === row) continue;
      const target = A[r];
      const f = target[c];
      for (let k = 0; k < cols; k++) target[k] = (target[k] * p - piv[k] * f) / prev;
    }
    prev = p;
    pivotCols.push(c);
    row++;
  }
  // Reduced echelon form (up to row scaling): each pivot row r has A[r][pivotCols[r]] != 0,
  // and zeros in the other pivot columns. A free column f gives y_f = L, y_pc = -A[r][f]*L/A[r][pc].
  const free: number[] = [];
  for (let c = 0, k = 0; c < cols; c++) {
    if (k < pivotCols.length && pivotCols[k] === c) k++;
    else free.push(c);
  }
  const basis: bigint[][] = [];
  for (const f of free) {
    let L = 1n;
    for (let r = 0; r < pivotCols.length; r++) {
      const p = A[r][pivotCols[r]];
      L = (L / gcd(L, p)) * (p < 0n ? -p : p);
    }
    const y = new Array<bigint>(cols).fill(0n);
    y[f] = L;
    for (let r = 0; r < pivotCols.length; r++) y[pivotCols[r]] = (-A[r][f] * L) / A[r][pivotCols[r]];
    basis.push(y);
  }
  return basis;
}
