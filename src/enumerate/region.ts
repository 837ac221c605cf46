/** What the enumerator produces for each activation region, and its JSON record. */
import type { DomainFace } from '../domain/domain.js';
import { pointToRationals, primitiveRow, type Point } from '../kernel/intvec.js';
import { toString } from '../kernel/rational.js';
import type { Row } from '../lp/interior.js';
import { applyPattern, mapToRationals, type IntAffine } from './affine.js';
import { residueHash } from './map-residues.js';
import { PackedMap } from './next-layer-maps.js';

export type Source = { kind: 'neuron'; layer: number; index: number } | { kind: 'domain'; face: DomainFace };

/** An activation region: the open polyhedron {x : a_i·x < b_i for all rows}. */
export interface Region {
  /** One string per ReLU layer, bit j = 1 when neuron j is active (or a positive constant). */
  pattern: string[];
  witness: Point;
  rows: Row[];
  sources: Source[];
  /** The network's output as an exact affine map of the input on this region. */
  map: IntAffine;
  /**
   * The merge's hash of `map` (map-residues.ts mapHash) when the enumerator kept it without the
   * map (EnumerateOptions.mapHashes); else undefined.
   */
  readonly mapHash?: number;
  /** Facet rows when the engine knows them without LPs (vertex engine). */
  facets?: () => number[];
  /** The region's exact vertices (vertex engine, bounded regions). */
  vertices?: Point[];
  /**
   * When a certificate is written: each row's number in the certificate's numbering, and the
   * number of rows the certificate's node has (one-sided splits add rows absent from `rows`).
   */
  certRows?: { ids: number[]; count: number };
  /** Extra fields for the region's certificate line (proofs of verdict certificates), set by the consumer. */
  certExtra?: Record<string, unknown>;
}

/**
 * The enumerator's Region. Its output map is made from the last layer's pre-activations and bits
 * on its first read, because counting never reads it (on 4-16-16-16 making it for every region
 * was a tenth of `count --no-linear`); so is the last ReLU layer's bit string of its pattern. A
 * class with prototype getters: a getter in an object literal is defined anew on every object,
 * which cost more than the map.
 */
export class LeafRegion implements Region {
  private out: IntAffine | undefined = undefined;
  private full: string[] | undefined = undefined;
  certExtra?: Record<string, unknown> = undefined;

  constructor(
    private readonly pre: IntAffine,
    /** the last layer's bits (null: it has no ReLU) */
    private readonly bits: Uint8Array | null,
    /** the bit strings of the ReLU layers before it */
    private readonly prefix: string[],
    readonly witness: Point,
    readonly rows: Row[],
    readonly sources: Source[],
    readonly facets: (() => number[]) | undefined,
    readonly vertices: Point[] | undefined,
    readonly certRows: { ids: number[]; count: number } | undefined,
  ) {}

  get map(): IntAffine {
    return (this.out ??= applyPattern(this.pre, this.bits));
  }

  get mapHash(): number | undefined {
    const { pre } = this;
    return pre instanceof PackedMap && pre.residues ? residueHash(pre.residues, this.bits) : undefined;
  }

  get pattern(): string[] {
    return (this.full ??= this.bits ? [...this.prefix, bitString(this.bits)] : this.prefix);
  }
}

/** A ReLU layer's bits as a string: '1' where active. */
export function bitString(bits: Uint8Array): string {
  let s = '';
  for (const b of bits) s += b ? '1' : '0';
  return s;
}

export interface RegionRecord {
  id: number;
  pattern: string;
  witness: string[];
  constraints: { a: string[]; b: string; source: unknown }[];
  map: { W: string[][]; c: string[] };
  linearRegion?: number;
  /** `enumerate --vertices` (geometry/record-fields.ts): exact vertices; unbounded regions add bounded: false, rays and lines. */
  vertices?: string[][];
  bounded?: boolean;
  rays?: string[][];
  lines?: string[][];
  /** `enumerate --volume`: the exact volume "p/q". */
  volume?: string;
}

export function sourceToJson(s: Source): unknown {
  if (s.kind === 'neuron') return { neuron: [s.layer, s.index] };
  return s.face.kind === 'row' ? { domain: 'row', index: s.face.index } : { domain: s.face.kind, input: s.face.input };
}

/**
 * A row in primitive form as strings. The enumerator shares a row object between every region
 * below its split, so each row's gcd and printing are done once.
 */
const printedRows = new WeakMap<Row, { a: string[]; b: string }>();
function rowStrings(r: Row): { a: string[]; b: string } {
  let out = printedRows.get(r);
  if (!out) {
    const row = primitiveRow(r.a, r.b);
    printedRows.set(r, (out = { a: row.a.map(String), b: String(row.b) }));
  }
  return out;
}

/** `facetIndices` selects the rows to print (the minimal H-representation); all rows if omitted. */
export function regionRecord(id: number, r: Region, facetIndices?: number[], linearRegion?: number): RegionRecord {
  const idx = facetIndices ?? r.rows.map((_, i) => i);
  const map = mapToRationals(r.map);
  const rec: RegionRecord = {
    id,
    pattern: r.pattern.join('|'),
    witness: pointToRationals(r.witness).map(toString),
    constraints: idx.map((i) => {
      const row = rowStrings(r.rows[i]);
      return { a: row.a.slice(), b: row.b, source: sourceToJson(r.sources[i]) };
    }),
    map: { W: map.W.map((row) => row.map(toString)), c: map.c.map(toString) },
  };
  if (linearRegion !== undefined) rec.linearRegion = linearRegion;
  return rec;
}
