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
 *             in its relative interior: where the hyperplane meets the open region, or where it
 *             holds one of the region's facets (`boundary`; reported by one region only:
 *             eq-pieces.ts); a region where c·f ≡ C is a full-dimensional piece (`flat`).
 * The union of the closed pieces is the set (up to its lower-dimensional parts for le/ge). With
 * `volume`, each full-dimensional piece's exact volume (geometry/volume.ts) and the total.
 */
import { domainConstraints, domainToJson, integerConstraint, type Domain } from '../domain/domain.js';
import { CERTIFICATE_FORMAT, CERTIFICATE_VERSION, LEVELSET_KIND } from '../certify/format.js';
import { CertificateWriter } from '../enumerate/certificate-writer.js';
import { motzkinPairs, type Pairs } from '../enumerate/leaf-proofs.js';
import { createEnumeration, type EnumerateOptions } from '../enumerate/enumerate.js';
import type { Region } from '../enumerate/region.js';
import { objectiveMap } from '../enumerate/affine.js';
import { InputError } from '../errors.js';
import { addReduced } from '../geometry/exact-sum.js';
import { pointToRationals } from '../kernel/intvec.js';
import { toString, ZERO, type Rational } from '../kernel/rational.js';
import type { InteriorDecider, Row } from '../lp/interior.js';
import { cutRegion, pieceVolume, type Constraints, type Found } from './cut-region.js';
import { eqPiece, eqProof } from './eq-pieces.js';
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
  constraints: Constraints;
  /** For eq pieces: the hyperplane a·x = b of the level set in the region. */
  hyperplane?: { a: string[]; b: string };
  /** For eq pieces: the piece is one of the region's facets (the level set runs along its boundary; eq-pieces.ts). */
  boundary?: true;
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
   * Receives a level-set certificate (certify/levelset-checker.ts, format in certify/format.ts)
   * line by line: the enumeration tree with, on every region leaf, a witness of its piece or a
   * Motzkin certificate that the region has none; complete (with its footer) only when the run is.
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
  const pacer = new Pacer(stop);
  const en = createEnumeration(net, { ...enumerateOptions, domain });
  const d = net.inputSize;
  const domainRows = domainConstraints(en.domain, d).map(integerConstraint);
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
    const piece = relation === 'eq' ? eqPiece(region, le, d, en.decider, domainRows) : sidePiece(region, side, en.decider);
    if (cert && relation === 'eq') region.certExtra = { level: eqProof(region, le, piece as ReturnType<typeof eqPiece>, en.decider, domainRows) };
    else if (cert) region.certExtra = { level: piece ? { piece: pointToRationals(piece.witness).map(toString) } : { none: noPiece(region, side, en.decider) } };
    if (piece) {
      pieces++;
      const out: LevelPiece = { region: id, pattern: region.pattern.join('|'), witness: pointToRationals(piece.witness), constraints: piece.constraints, map, whole: piece.whole };
      if (piece.hyperplane) out.hyperplane = piece.hyperplane;
      if ('kind' in piece && piece.kind === 'facet') out.boundary = true;
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


/** The map's slope w = g/D as exact strings. */
const mapRow = (g: bigint[], D: bigint): string[] => g.map((v) => toString({ n: v, d: D }));


/** The region's part strictly on the side row.a·x < row.b, if nonempty. */
const sidePiece = (region: Region, row: Row, decider: InteriorDecider): Found | null => cutRegion(region, [{ row, source: LEVEL_SOURCE }], decider);
