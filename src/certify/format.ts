/**
 * The certificate format (version 1): a split tree written as JSONL in preorder, so that
 * certificates of 10^5+ regions stream. Types only: the enumerator writes it, the independent
 * checker (checker.ts) reads it; they share no code.
 *
 * Line 1 is the header; then the nodes in preorder; the last line is the footer.
 *
 * Rows. Every node has a strict system of rows "a·x < b": first the domain's rows, in the order
 * of domainConstraints() with rows whose a is all zero dropped, then one row per split on the
 * path from the root, in path order. Every row is in primitive integer form: denominators
 * cleared and divided by the gcd of all its entries (a unique positive rescaling), so Motzkin
 * multipliers mean the same to writer and checker. A split on pre-activation h = g·x + e gives
 * the row (−g, e) on its active side (h > 0) and (g, −e) on its inactive side (h < 0).
 *
 * Neuron order. Along every root-to-leaf path the ReLU neurons are visited in network order
 * (layer 0 neuron 0, 1, …, then layer 1, …), each exactly once, as a split or a constant node;
 * linear layers are not visited. A region leaf comes after the last ReLU neuron.
 */

export const CERTIFICATE_FORMAT = 'relu-regions/certificate';
export const CERTIFICATE_VERSION = 1;

export interface CertificateHeader {
  format: typeof CERTIFICATE_FORMAT;
  version: number;
  kind: 'enumeration';
  inputSize: number;
  layerSizes: number[];
  domain: unknown; // domainToJson form
}

/** Split on neuron [layer, neuron]; h = g·x + e is its exact pre-activation on this node.
 *  Followed by the active child's subtree (h >= 0, bit 1), then the inactive one's (h <= 0, bit 0). */
export interface SplitNode {
  t: 'split';
  layer: number;
  neuron: number;
  h: { g: string[]; e: string };
}

/** The neuron's pre-activation is the constant `value` on this node (bit 1 iff value > 0).
 *  Followed by the single child's subtree. */
export interface ConstantNode {
  t: 'const';
  layer: number;
  neuron: number;
  value: string;
}

/** A leaf: one activation region, with an exact interior witness and the exact output map. */
export interface RegionLeaf {
  t: 'region';
  id: number;
  pattern: string;
  witness: string[];
  map: { W: string[][]; c: string[] };
}

/** A leaf whose strict system has no solution: integer multipliers y (pairs [row, y_row],
 *  rows absent have y = 0) with y >= 0, y != 0, Σ y_i a_i = 0 and Σ y_i b_i <= 0. */
export interface EmptyLeaf {
  t: 'empty';
  motzkin: [number, string][];
}

export interface CertificateFooter {
  t: 'end';
  regions: number;
  emptyLeaves: number;
}

export type CertificateNode = SplitNode | ConstantNode | RegionLeaf | EmptyLeaf;
export type CertificateLine = CertificateHeader | CertificateNode | CertificateFooter;

/*
 * Range certificates (kind "range", written by `range --certificate`, checked by
 * range-checker.ts): exact min and max of c·f(x) over the domain. The same split tree as the
 * enumeration certificate (same rows, same numbering, same checks), with two changes: the header
 * names the objective c, and every region leaf carries two linear-programming dual certificates.
 *
 * On a region with exact map y = W x + c0 let g = c·W (the objective's gradient) and k = c·c0.
 * `upper` is a list of [row, y] pairs, y a nonnegative rational string (rows absent have y = 0),
 * rows in the node's numbering (strict rows a·x < b, primitive; their closures a·x <= b), with
 * Σ y_i a_i = g: then c·f(x) = g·x + k <= Σ y_i b_i + k =: U on the region's closure. `lower`
 * has Σ y_i a_i = −g, so c·f(x) >= −Σ y_i b_i + k =: L there. The footer states min and max with
 * points attaining them. Valid when every region has U <= max and L >= min, argmax and argmin
 * lie in the (closed) domain, and the exact forward pass gives c·f(argmax) = max and
 * c·f(argmin) = min: the region closures cover the domain and f is the region's map on each
 * closure (continuity), so max is an upper bound that is attained, and likewise min.
 */
export const RANGE_KIND = 'range';

/**
 * Level-set certificates (kind "levelset", `levelset --le|--ge|--eq C --certificate`): the header
 * adds `objective` (c over the outputs), `relation` ("le", "ge" or "eq") and `level` C; the split tree is an
 * enumeration tree whose region leaves carry `level`: {piece: x}, a point strictly inside the
 * region with c·f(x) < C (le; > C for ge), or with c·f constant on the region and c·f(x) <= C
 * (>= C): the region's piece of the set is nonempty and full-dimensional; or {none: [[row, y]]},
 * integer Motzkin multipliers over the leaf's rows and the side row c·f(x) <= C (as row `count`,
 * primitive; >= for ge) with Σ y_i a_i = 0, Σ y_i b_i <= 0, some y_i > 0: no point of the open
 * region is strictly on the side. The footer adds `pieces`, the number of region leaves with a
 * piece. Together: the pieces listed (levelset's records) are exactly the regions where the set
 * has interior. (A side row with a = 0 is the constant 0 <= b: when it holds it takes no multiplier.)
 *
 * `relation` "eq" (`levelset --eq C --certificate`; the level set's (d−1)-dimensional pieces,
 * levelset/eq-pieces.ts), with H = {c·f = C} and the level row c·f(x) <= C as row `count`, its
 * negation as `count + 1`: {flat: true} c·f ≡ C on the region (a full-dimensional piece);
 * {piece: x} a point of H strictly inside the region; {facet: x} a point of H strictly inside
 * every row of the region not on H, where the region has a row on H that it owns: its outward
 * normal is lexicographically positive, or it is a row of the domain (each facet on H is thus
 * reported by exactly one region: the regions across see the opposite normal); {none: {below:
 * pairs} | {above: pairs} | {}} Motzkin multipliers showing the open region lies strictly on
 * one side of H ({} when c·f is a constant other than C), with `face`: when the region owns a row
 * on H, mixed Motzkin multipliers (integers) over [the leaf's rows strict, except those on H,
 * which take none; the level row and its negation closed] with Σ y_i a_i = 0 and Σ y_i b_i < 0,
 * or Σ y_i b_i <= 0 with a positive multiplier on a strict row: the closure meets H in less than
 * a facet. The footer's `pieces` counts flat, piece and facet leaves.
 */
export const LEVELSET_KIND = 'levelset';

export interface RangeHeader {
  format: typeof CERTIFICATE_FORMAT;
  version: number;
  kind: typeof RANGE_KIND;
  inputSize: number;
  layerSizes: number[];
  domain: unknown; // domainToJson form
  /** c: one rational string per network output; the objective is c·f(x). */
  objective: string[];
}

/** A region leaf of a range certificate: the dual certificates of U and L (see above). */
export interface RangeRegionLeaf extends RegionLeaf {
  upper: [number, string][];
  lower: [number, string][];
}

export interface RangeFooter extends CertificateFooter {
  min: string;
  max: string;
  /** points of the domain (input space) where c·f attains min and max */
  argmin: string[];
  argmax: string[];
}

export type RangeCertificateLine = RangeHeader | SplitNode | ConstantNode | RangeRegionLeaf | EmptyLeaf | RangeFooter;
