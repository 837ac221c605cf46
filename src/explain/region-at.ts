/**
 * The activation region of a given pattern, exactly: its affine map and its polyhedron (the
 * rows the enumerator would put on its split path, src/enumerate/enumerate.ts, with the same
 * sources), its facets and an interior witness. Built from the enumerator's pieces — the
 * incremental affine maps (enumerate/affine.ts), the facet test (enumerate/facets.ts) and the
 * certified interior decision (lp/interior.ts) — so `explain` asks the one engine.
 *
 * A neuron whose pre-activation is constant on the region adds no row (its bit is its sign).
 * Domain rows come first, as in the enumerator.
 */
import { domainConstraints, integerConstraint, type Domain } from '../domain/domain.js';
import { applyPattern, identityMap, mapToRationals, preActivations, type IntAffine } from '../enumerate/affine.js';
import { facetIndices } from '../enumerate/facets.js';
import type { Source } from '../enumerate/region.js';
import { isZero, pointFromRationals, type Point } from '../kernel/intvec.js';
import { type Rational } from '../kernel/rational.js';
import { denseFloatSimplex } from '../lp/dense-float-simplex.js';
import { InteriorDecider, isStrictlyInside, newStats, type Row } from '../lp/interior.js';
import type { IntLayer } from '../network/integer-network.js';

/** Bits of one ReLU layer: bits[j] = 1 when neuron j is active. */
export type LayerBits = Uint8Array;

export interface PatternRegion {
  /** One bit string per ReLU layer, joined by "|". */
  pattern: string;
  /** The network's output on the region: exactly (M x + c)/den. */
  map: IntAffine;
  /** The open polyhedron {x : a·x < b} (domain rows first), each row with its source. */
  rows: Row[];
  sources: Source[];
}

/** The pattern's bits per ReLU layer, from a flat bit array (layers in network order). */
export function splitBits(layers: IntLayer[], flat: Uint8Array): (LayerBits | null)[] {
  let at = 0;
  return layers.map((l) => {
    if (!l.relu) return null;
    const bits = flat.subarray(at, at + l.W.length);
    at += l.W.length;
    return bits;
  });
}

export const patternString = (bits: (LayerBits | null)[]): string =>
  bits
    .filter((b): b is LayerBits => b !== null)
    .map((b) => Array.from(b, (v) => (v ? '1' : '0')).join(''))
    .join('|');

/** The exact map and rows of the region with the given bits (per layer; null for linear layers). */
export function patternRegion(layers: IntLayer[], d: number, bits: (LayerBits | null)[], domain?: Domain): PatternRegion {
  const rows: Row[] = [];
  const sources: Source[] = [];
  if (domain) {
    for (const c of domainConstraints(domain, d)) {
      const row = integerConstraint(c);
      if (isZero(row.a)) continue;
      rows.push(row);
      sources.push({ kind: 'domain', face: c.face });
    }
  }
  let pre = preActivations(layers[0], identityMap(d), d);
  let map: IntAffine = pre;
  for (let l = 0; l < layers.length; l++) {
    const b = bits[l];
    if (b) {
      for (let j = 0; j < pre.M.length; j++) {
        const g = pre.M[j];
        if (isZero(g)) continue; // constant on the region: no row
        const e = pre.c[j];
        rows.push(b[j] ? { a: g.map((v) => -v), b: e } : { a: g, b: -e }); // h > 0 ⇔ -g·x < e; h < 0 ⇔ g·x < -e
        sources.push({ kind: 'neuron', layer: l, index: j });
      }
    }
    if (l + 1 === layers.length) map = applyPattern(pre, b);
    else pre = preActivations(layers[l + 1], pre, d, b);
  }
  return { pattern: patternString(bits), map, rows, sources };
}

export interface RegionPolytope {
  /** An exact point strictly inside the region. */
  witness: Point;
  /** Indices (into the region's rows) of its facets: the minimal H-representation. */
  facets: number[];
}

/**
 * The region's interior witness and facets, or null when the pattern's open region is empty
 * (points on a neuron's hyperplane can have a pattern whose open region is empty). `hint`, a
 * point with this pattern, is used as the witness when it is strictly inside.
 */
export function regionPolytope(region: PatternRegion, d: number, hint?: Rational[], decider = new InteriorDecider(d, denseFloatSimplex, newStats())): RegionPolytope | null {
  let witness: Point | null = null;
  if (hint) {
    const p = pointFromRationals(hint);
    if (isStrictlyInside(region.rows, p)) witness = p;
  }
  if (!witness) {
    const decision = decider.decide(region.rows);
    if (decision.kind === 'empty') return null;
    witness = decision.point;
  }
  return { witness, facets: facetIndices(region.rows, witness, decider) };
}

/** The map as exact rationals: W (outputs × d) and c. */
export const regionMap = (region: PatternRegion): { W: Rational[][]; c: Rational[] } => mapToRationals(region.map);
