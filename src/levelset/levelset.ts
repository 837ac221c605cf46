/**
 * Exact sub-level, super-level and level sets of an output (or a linear objective c·f of the
 * outputs): {x ∈ D : c·f(x) ≤ C} (`le`), ≥ C (`ge`), = C (`eq`), decomposed into convex pieces,
 * one per activation region that meets the set: the region cut by its own affine piece of c·f.
 * A thin consumer of the enumerator: every decision is the enumeration's exact interior decider.
 *
 *   le / ge   the open piece {x ∈ region : c·f(x) < C} (resp. >) must be nonempty (decided
 *             exactly, with a witness); the piece is its closure: the region's facets and the
 *             level row (source {"level": true}) unless that row is redundant (the whole region
 *             is on the side). A region where c·f is constant is a whole piece when the constant
 *             is on the side (≤ / ≥ C). Pieces are full-dimensional: where c·f only touches C
 *             from the other side, the set is lower-dimensional there, and those points are in
 *             the `eq` pieces.
 *   eq        the (d−1)-dimensional piece {x ∈ closure(region) : c·f(x) = C} with an exact point
 *             in its relative interior (the hyperplane meets the open region); a region where
 *             c·f ≡ C is a full-dimensional piece of the level set (`flat`).
 * The union of the closed pieces is the set (up to its lower-dimensional parts for le/ge). With
 * `volume`, each full-dimensional piece's exact volume (geometry/volume.ts) and the total.
 */
import { domainToJson, type Domain } from '../domain/domain.js';
import { CERTIFICATE_FORMAT, CERTIFICATE_VERSION, LEVELSET_KIND } from '../certify/format.js';
import { CertificateWriter } from '../enumerate/certificate-writer.js';
import { motzkinPairs, type Pairs } from '../enumerate/leaf-proofs.js';
import { createEnumeration, type EnumerateOptions } from '../enumerate/enumerate.js';
import { facetIndices } from '../enumerate/facets.js';
import { relativeInteriorPoint } from '../enumerate/merge.js';
import { sourceToJson, type Region } from '../enumerate/region.js';
import { objectiveMap } from '../enumerate/affine.js';
import { InputError } from '../errors.js';
import { shapeVolume } from '../geometry/volume.js';
import { polyhedronShape, type Facet } from '../geometry/shape.js';
import { unboundedMessage } from '../geometry/record-fields.js';
import { addReduced } from '../geometry/exact-sum.js';
import { pointToRationals, primitiveRow, type Point } from '../kernel/intvec.js';
import { toString, ZERO, type Rational } from '../kernel/rational.js';
import type { InteriorDecider, Row } from '../lp/interior.js';
import { layerSizes, type Network } from '../network/network.js';
import { checkQuery, checkRationals } from '../network/validate.js';
import { Pacer, splitStopOptions, type StopOptions, type StopReason } from '../run-control.js';

export type LevelRelation = 'le' | 'ge' | 'eq';

export interface LevelPiece {
  /** The activation region's number in enumeration order, and its pattern. */
  region: number;
  pattern: string;
  /** An exact point inside the piece (relative interior for eq pieces). */
  witness: Rational[];
  /** The piece's facets a·x <= b (primitive integers); the level row has source {level: true}. */
  constraints: { a: string[]; b: string; source: unknown }[];
  /** For eq pieces: the hyperplane a·x = b of the level set in the region. */
  hyperplane?: { a: string[]; b: string };
  /** c·f on the region, exactly: value(x) = w·x + c0. */
  map: { w: string[]; c: string };
  /** The whole region lies in the set (le/ge: the level row is redundant; eq: c·f ≡ C there). */
  whole: boolean;
  /** The piece's exact volume (le/ge, and flat eq pieces) when asked for. */
  volume?: string;
}

export interface LevelSetOptions extends EnumerateOptions, StopOptions {
  volume?: boolean;
  /** Receives each piece as it is found. */
  onPiece?: (piece: LevelPiece) => void;
  /**
   * Receives a level-set certificate (certify/levelset-checker.ts; le and ge only) line by line:
   * the enumeration tree with, on every region leaf, a witness of its piece or a Motzkin
   * certificate that the region has none; complete (with its footer) only when the run is.
   */
  certificate?: (line: object) => void;
}

export interface LevelSetResult {
  pieces: number;
  regions: number;
  /** The total volume of the pieces (with `volume`; eq: of the flat pieces only). */
  volume?: Rational;
  stopped?: StopReason;
}

const LEVEL_SOURCE = { level: true };

const rowJson = (r: Row, source: unknown) => {
  const p = primitiveRow(r.a, r.b);
  return { a: p.a.map(String), b: String(p.b), source };
};

/**
 * The pieces of {x ∈ domain : objective·f(x) REL level}, streamed to `onPiece`, with counts (and
 * the total volume). A stopped run returns the pieces of the regions seen so far (`stopped`).
 */
export async function levelSet(net: Network, objective: Rational[], relation: LevelRelation, level: Rational, domain?: Domain, options: LevelSetOptions = {}): Promise<LevelSetResult> {
  checkQuery(net, domain, options);
  checkRationals(objective, 'objective');
  checkRationals([level], 'level');
  const outputs = net.layers[net.layers.length - 1].weights.length;
  if (objective.length !== outputs) throw new InputError(`objective: ${objective.length} coefficients, expected ${outputs}`);
  const [stop, { volume, onPiece, certificate, ...enumerateOptions }] = splitStopOptions(options);
  if (certificate && relation === 'eq') throw new InputError('levelset: certificates are for --le and --ge (the level set itself has none yet)');
  const pacer = new Pacer(stop);
  const en = createEnumeration(net, { ...enumerateOptions, domain });
  const d = net.inputSize;
  let pieces = 0;
  let regions = 0;
  let total: Rational = ZERO;
  const cert = certificate ? new CertificateWriter(certificate) : null;
  certificate?.({
    format: CERTIFICATE_FORMAT,
    version: CERTIFICATE_VERSION,
    kind: LEVELSET_KIND,
    inputSize: d,
    layerSizes: layerSizes(net),
    domain: domainToJson(en.domain),
    objective: objective.map(toString),
    relation,
    level: toString(level),
  });
  for (const region of en.regions(cert ?? undefined)) {
    const id = regions++;
    const { g, e, D } = objectiveMap(region.map, objective);
    // value <= C  ⇔  (C.d·g)·x <= C.n·D − C.d·e
    const le: Row = { a: g.map((v) => v * level.d), b: level.n * D - level.d * e };
    const map = { w: mapRow(g, D), c: toString({ n: e, d: D }) };
    const side: Row = relation === 'le' ? le : { a: le.a.map((v) => -v), b: -le.b };
    const piece = relation === 'eq' ? eqPiece(region, le, d, en.decider) : sidePiece(region, side, en.decider);
    if (cert) region.certExtra = { level: piece ? { piece: pointToRationals(piece.witness).map(toString) } : { none: noPiece(region, side, en.decider) } };
    if (piece) {
      pieces++;
      const out: LevelPiece = { region: id, pattern: region.pattern.join('|'), witness: pointToRationals(piece.witness), constraints: piece.constraints, map, whole: piece.whole };
      if (piece.hyperplane) out.hyperplane = piece.hyperplane;
      if (volume && piece.facets) {
        const v = pieceVolume(piece, d, `the piece in region ${id} (${out.pattern})`);
        total = addReduced(total, v);
        out.volume = toString(v);
      }
      onPiece?.(out);
    }
    if (await pacer.tick()) break;
  }
  if (cert && !pacer.reason) certificate!({ t: 'end', regions: cert.regions, emptyLeaves: cert.emptyLeaves, pieces });
  return { pieces, regions, ...(volume ? { volume: total } : {}), ...(pacer.reason ? { stopped: pacer.reason } : {}) };
}

/**
 * Motzkin multipliers (integers, in the certificate's numbering; the side row is row `count`)
 * showing that the open region has no point strictly on the side: Σ y_i a_i = 0, Σ y_i b_i <= 0.
 */
function noPiece(region: Region, side: Row, decider: InteriorDecider): Pairs {
  const pairs = motzkinPairs(region, [side], decider);
  if (!pairs) throw new Error('levelset: internal error: a region without a piece has an interior point on the side');
  return pairs;
}

/** A full-dimensional piece's exact volume; `what` names it when it is unbounded. */
export function pieceVolume(piece: Found, d: number, what: string): Rational {
  const shape = polyhedronShape(piece.facets!, d, piece.witness);
  if (!shape.bounded) throw new InputError(unboundedMessage(shape, what));
  return shapeVolume(shape);
}

/** The map's slope w = g/D as exact strings. */
const mapRow = (g: bigint[], D: bigint): string[] => g.map((v) => toString({ n: v, d: D }));

export interface Found {
  witness: Point;
  constraints: LevelPiece['constraints'];
  facets?: Facet[];
  hyperplane?: { a: string[]; b: string };
  whole: boolean;
}

/** The region's part strictly on the side row.a·x < row.b, if nonempty. */
const sidePiece = (region: Region, row: Row, decider: InteriorDecider): Found | null => cutRegion(region, [{ row, source: LEVEL_SOURCE }], decider);

/**
 * The region cut by closed half-spaces a·x <= b (each with the source its facet gets), as a
 * full-dimensional piece: null unless the open region meets every open half-space (decided
 * exactly, with a witness). A cut with a = 0 holds everywhere (b >= 0) or nowhere (b < 0).
 * `whole`: no cut is a facet of the piece.
 */
export function cutRegion(region: Region, cuts: { row: Row; source: unknown }[], decider: InteriorDecider): Found | null {
  const live = cuts.filter((c) => c.row.a.some((v) => v !== 0n));
  if (cuts.some((c) => c.row.a.every((v) => v === 0n) && c.row.b < 0n)) return null;
  const rows = [...region.rows, ...live.map((c) => c.row)];
  const source = (i: number) => (i >= region.rows.length ? live[i - region.rows.length].source : sourceToJson(region.sources[i]));
  let witness = region.witness;
  if (live.length > 0) {
    const inside = decider.decide(rows);
    if (inside.kind !== 'interior') return null;
    witness = inside.point;
  }
  const idx = live.length === 0 ? (region.facets?.() ?? facetIndices(region.rows, region.witness, decider)) : facetIndices(rows, witness, decider);
  const facets: Facet[] = idx.map((i) => ({ ...primitiveRow(rows[i].a, rows[i].b), source: source(i) }));
  return { witness, constraints: idx.map((i) => rowJson(rows[i], source(i))), facets, whole: idx.every((i) => i < region.rows.length) };
}

/** The level hyperplane's piece in the region's closure, if (d−1)-dimensional (or the whole region, if c·f ≡ C). */
function eqPiece(region: Region, le: Row, d: number, decider: InteriorDecider): Found | null {
  // the whole region (its facets, as a piece with no cut) when c·f ≡ C there
  if (le.a.every((v) => v === 0n)) return le.b === 0n ? cutRegion(region, [], decider) : null;
  const point = relativeInteriorPoint(le, region.rows, d, decider);
  if (!point) return null;
  const h = primitiveRow(le.a, le.b);
  const { constraints } = cutRegion(region, [], decider)!;
  return { witness: point, constraints, hyperplane: { a: h.a.map(String), b: String(h.b) }, whole: false };
}

