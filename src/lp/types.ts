/**
 * The LP seam. Float backends only *propose*; every decision is then certified exactly
 * (see certify/interior.ts), or handed to the exact rational simplex.
 */
import type { Rational } from '../kernel/rational.js';

/**
 * Float proposal for the "interior problem" of a strict system A x < b with rows a_i
 * normalised to unit 2-norm:  maximise t  s.t.  a_i·x + t <= b_i (all i),  t <= 1,  x free.
 * t > 0 proposes an interior point x; t <= 0 proposes emptiness, and y (if given) proposes
 * the dual multipliers (y >= 0, sum y_i a_i = 0, sum y_i = 1), i.e. a Motzkin certificate.
 */
export interface FloatInteriorResult {
  t: number;
  x: Float64Array;
  y: Float64Array | null;
  /** true when the backend failed (iteration limit, numerical trouble): nothing proposed. */
  failed?: boolean;
}

export interface FloatLpBackend {
  readonly name: string;
  /** a: row-major m×d, b: length m. Rows are already normalised to unit 2-norm. */
  interior(a: Float64Array, b: Float64Array, m: number, d: number): FloatInteriorResult;
}

/** A strict system A x < b with integer rows (exact). */
export interface StrictSystem {
  d: number;
  a: bigint[][];
  b: bigint[];
}

/** Exact answer to "does A x < b have a solution": a witness, or a Motzkin certificate. */
export type ExactInteriorAnswer =
  | { kind: 'interior'; x: Rational[] }
  | { kind: 'empty'; y: bigint[] }; // y >= 0, y != 0, yᵀA = 0, yᵀb <= 0
