/**
 * Verdict certificates of `verify` (kind "verify", format version 2): JSONL, types only. The
 * verifier writes them, certify/verdict-checker.ts checks them.
 *
 * Line 1 is the header; it states the network's shape and the property in affine form: the
 * unsafe set is {x in [lo, hi] : OR_k AND_j (c·f(x) + a·x + k <= 0) for the atoms of disjunct k}.
 * Inputs with lo = hi are pinned: they are folded exactly into the first layer
 * (network/pin-inputs.ts) and every box, split tree and bound below is over the free inputs.
 *
 * sat: a `counterexample` line, then the footer. The checker evaluates the network exactly at x.
 *
 * unsat: a box-split tree in preorder whose root is [lo, hi], then the footer. Nodes:
 *   bisect  {input i, at v, first?} with lo_i < v < hi_i on the node's box: the children are
 *           the boxes with x_i <= v and x_i >= v, in that order unless first is "upper" (version
 *           2); they cover the node's box.
 *   pruned  {atoms: j_k for each disjunct k, prior?: p}: atom j_k of disjunct k is impossible on
 *           the box: a certified lower bound of its left side (input part minimised exactly over
 *           the box, output part by a CROWN bound with every unstable neuron refined) is > 0.
 *           The bound is a filtered predicate (certify/prune-decider.ts): the float bound with
 *           proven directed rounding (certify/linear-bounds.ts), or, when that is not > 0, the
 *           exact fixed-point bound (certify/box-bound.ts). With `prior`, the neuron bounds are
 *           first intersected with those of the p nearest ancestor boxes, chained from the
 *           farthest: bounds(A_p) on its own, then bounds(A_i) ∩ bounds(A_i+1) down to the
 *           parent. The checker recomputes all of it. (Version 1: the exact bound only; version
 *           2 certificates may need the float filter, which is as sound but not the same number.)
 *   regions followed by an enumeration split tree over the box (certify/format.ts, no header or
 *           footer, region ids from 0 in each tree); each region leaf carries
 *           `farkas`: one list of [row, y] per disjunct, y >= 0 integers: rows are the leaf's
 *           rows in the tree's numbering, closed (a·x <= b), then the disjunct's atoms on the
 *           region's exact map, in primitive integer form; Σ y_i a_i = 0 and Σ y_i b_i < 0
 *           prove that the region's closure and the disjunct do not meet. The region closures
 *           cover the box (checker.ts), and f is the region's map on each closure.
 *   point   the box is a single point (every input pinned): the checker evaluates it exactly.
 *   star    (version 3) followed by a star subtree over the box (certify/verdict-star.ts).
 *   union   (version 4) {boxes: [{lo, hi}, ...]} (decimal strings, boxes inside the node's box):
 *           each listed box is a child, followed by its subtree, in order. Every disjunct's box of
 *           single-input atoms (a_i·x_i + k <= 0 without output terms; star-exact.ts atomBox)
 *           inside the node's box must lie in a listed box: then a point of the node's box in no
 *           listed box satisfies no disjunct (a property whose input set is a union of boxes).
 *           The footer's `boxes` counts the listed boxes, not the union node.
 */
import type { Rational } from '../kernel/rational.js';

export const VERIFY_KIND = 'verify';
/**
 * The version written; the checker reads every version listed (1: prunes decided by the exact
 * bound only; 3: adds the `star` leaf; 4: adds the `union` node and the `tight` neuron bounds of
 * star prunes, verdict-star.ts).
 */
export const VERIFY_VERSION = 4;
export const VERIFY_VERSIONS: readonly number[] = [1, 2, 3, 4];

/** c·y + a·x + k <= 0 over the network's outputs y and inputs x. */
export interface AffineAtom {
  c: Rational[];
  a: Rational[];
  k: Rational;
}

export interface AffineProperty {
  lo: Rational[];
  hi: Rational[];
  unsafe: AffineAtom[][];
}

export interface VerifyHeader {
  format: string;
  version: typeof VERIFY_VERSION;
  kind: typeof VERIFY_KIND;
  inputSize: number;
  layerSizes: number[];
  property: { lo: string[]; hi: string[]; unsafe: { c: string[]; a: string[]; k: string }[][] };
}

export interface BisectNode {
  t: 'bisect';
  input: number;
  at: string;
  /** Which child comes first (default "lower"). */
  first?: 'lower' | 'upper';
}
export interface PrunedLeaf {
  t: 'pruned';
  atoms: number[];
  prior?: number;
}
export interface RegionsLeaf {
  t: 'regions';
}
export interface StarLeaf {
  t: 'star';
}
export interface UnionNode {
  t: 'union';
  boxes: { lo: string[]; hi: string[] }[];
}
export interface PointLeaf {
  t: 'point';
}
export interface CounterexampleLine {
  t: 'counterexample';
  x: string[];
  disjunct: number;
}
export interface VerifyFooter {
  t: 'end';
  verdict: 'sat' | 'unsat';
  boxes?: number;
  pruned?: number;
  enumerated?: number;
  regions?: number;
  /** Star engine: cells of the star subtree (informative). */
  cells?: number;
}
/** The extra field of a region leaf inside a `regions` tree. */
export type RegionFarkas = [number, string][][];
