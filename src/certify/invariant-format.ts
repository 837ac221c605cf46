/**
 * Certificates (kind "invariant") of `invariant --certificate`: JSONL,
 * checked by certify/invariant-checker.ts against the barrier B and the closed loop G.
 *
 * The header names the kind, the shape of H = (B, B∘G, G) (network/algebra.ts builds it the same
 * way in the checker) and the state domain D. Then the enumeration split tree of H over D
 * (format.ts: its region closures cover D, and H is the region's affine map on each closure),
 * each region leaf carrying the proofs of what is asked. `invariant`, with the leaf's rows
 * (closed, in the tree's numbering) followed by row `count` = B(x) <= 0 in primitive integer form:
 *   {empty: [[row, y], ...]}            integers y >= 0 with Σ y_i a_i = 0, Σ y_i b_i < 0: the
 *                                       region's closure has no point of S;
 *   {bounds: [pairs_0, pairs_1, ...]}   for f_0 = B∘G and f_{1+k} = a_k·G − b_k (the k-th row of
 *                                       D, primitive, in the order of the header's domain),
 *                                       rationals y >= 0 with Σ y_i a_i = ∇f and
 *                                       Σ y_i b_i + f(0) <= 0: then f(x) = ∇f·x + f(0) <= 0 on the
 *                                       closure's part of S. A constant f (∇f = 0) needs
 *                                       f(0) <= 0 and no pairs.
 * With an unsafe polytope U (header `unsafe`: {A, b}), a leaf may carry `unsafe`: integer
 * Farkas multipliers over the leaf's rows, B(x) <= 0 and U's rows (numbered count + 1 + j): the
 * region's part of S misses U. With an initial polytope I (header `initial`), `initial`: {empty}
 * Farkas multipliers over the leaf's rows and I's rows (count + 1 + |U| + j), or {bound} rational
 * multipliers over them with Σ y_i a_i = ∇B and Σ y_i b_i + B(0) <= 0: B <= 0 on I's part of the
 * region. A proof may use only its own rows.
 *
 * The certified level (`level`, one entry per violation v: v_0 = B∘G − B, then v_{1+k} =
 * a_k·G − b_k for the rows of D; each entry's own extra row is row `count`):
 *   {none: pairs}         rationals with Σ y_i a_i = ∇v, Σ y_i b_i + v(0) <= 0: v <= 0 on the
 *                         region's closure (no bad point there);
 *   {min: m, bound, at, bad, closed | attained}
 *                         bound: rationals over [rows, v >= 0] for f = m − B (B >= m where v >= 0);
 *                         at: a point of the closure with v >= 0 and B = m; bad: one with v > 0
 *                         (so m is the infimum of B over the closure's bad points: along the
 *                         segment from at to bad, v > 0 and B tends to m);
 *                         closed: rationals over [rows, B <= m] for f = v (no bad point has
 *                         B <= m), or attained: a point of the closure with B = m and v > 0;
 *   {unproven: true}      no proof (an unbounded region); the footer then claims no level.
 * The pieces of C = S ∩ {B(G(x)) <= B(x)} (`piece`): {inside: x} a point strictly inside the
 * region with B(x) < 0 and B(G(x)) < B(x) (a constant side counts when it is <= 0), or {none:
 * pairs} integer Motzkin multipliers over the leaf's rows, B(x) <= 0 (count) and
 * B(G(x)) − B(x) <= 0 (count + 1), all strict: the open region has no point of C's interior.
 *
 * The footer claims what the leaves prove, each claim backed by a proof on every leaf:
 * "invariant": true — every x ∈ S (in some region closure) has B(G(x)) <= 0 and G(x) ∈ D, i.e.
 * S = {x ∈ D : B(x) <= 0} is forward invariant under x⁺ = G(x); "safe": true — S ∩ U = ∅;
 * "initialInside": true — I ⊆ S; "level": {value: c*, closed} — the checker recomputes
 * c* = min(0, least m) and closed (no entry with m = c* <= 0 is attained): every x ∈ D with
 * B(x) <= c* (< c* when not closed) has B(G(x)) <= B(x) and G(x) ∈ D, so that set is forward
 * invariant, and no larger level <= 0 has this property; "pieces": n — the number of leaves with
 * a point of C's interior. A footer with no claim is invalid. (Version 1 certificates, written
 * only for invariant answers with every proof on every leaf, read the same.)
 */
export const INVARIANT_KIND = 'invariant';
