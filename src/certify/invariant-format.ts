/**
 * Invariance certificates (kind "invariant", version 1) of `invariant --certificate`: JSONL,
 * checked by certify/invariant-checker.ts against the barrier B and the closed loop G.
 *
 * The header names the kind, the shape of H = (B, B∘G, G) (network/algebra.ts builds it the same
 * way in the checker) and the state domain D. Then the enumeration split tree of H over D
 * (format.ts: its region closures cover D, and H is the region's affine map on each closure),
 * each region leaf carrying `invariant`, with the leaf's rows (closed, in the tree's numbering)
 * followed by row `count` = B(x) <= 0 in primitive integer form:
 *   {empty: [[row, y], ...]}            integers y >= 0 with Σ y_i a_i = 0, Σ y_i b_i < 0: the
 *                                       region's closure has no point of S;
 *   {bounds: [pairs_0, pairs_1, ...]}   for f_0 = B∘G and f_{1+k} = a_k·G − b_k (the k-th row of
 *                                       D, primitive, in the order of the header's domain),
 *                                       rationals y >= 0 with Σ y_i a_i = ∇f and
 *                                       Σ y_i b_i + f(0) <= 0: then f(x) = ∇f·x + f(0) <= 0 on the
 *                                       closure's part of S. A constant f (∇f = 0) needs
 *                                       f(0) <= 0 and no pairs.
 * With an unsafe polytope U (header `unsafe`: {A, b}), every leaf also carries `unsafe`: integer
 * Farkas multipliers over the leaf's rows, B(x) <= 0 and U's rows (numbered count + 1 + j): the
 * region's part of S misses U. With an initial polytope I (header `initial`), `initial`: {empty}
 * Farkas multipliers over the leaf's rows and I's rows (count + 1 + |U| + j), or {bound} rational
 * multipliers over them with Σ y_i a_i = ∇B and Σ y_i b_i + B(0) <= 0: B <= 0 on I's part of the
 * region. A proof may use only its own rows.
 * The footer adds "invariant": true (and "safe": true, "initialInside": true when asked). Valid:
 * for every x ∈ S (in some region closure), B(G(x)) <= 0 and G(x) ∈ D, i.e. S = {x ∈ D : B(x) <= 0}
 * is forward invariant under x⁺ = G(x); S ∩ U = ∅; I ⊆ S.
 */
export const INVARIANT_KIND = 'invariant';
