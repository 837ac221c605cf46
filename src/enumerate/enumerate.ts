/**
 * The enumerator: a depth-first split tree, read as one loop (in the spirit of lrslib).
 *
 * A cell is an open polyhedron with an exact interior witness, plus the activation bits decided
 * so far. Neurons are visited in network order; on a cell every pre-activation of the current
 * layer is one affine function h. If h is constant, its bit is fixed without a split. Otherwise
 * the side containing the witness needs no LP; the other side is decided by InteriorDecider,
 * which returns a certified witness (the cell splits: that side is pushed on the stack) or a
 * certified Motzkin certificate (the whole cell lies on the witness's side).
 * Memory is the stack: O(depth × constraints), independent of the number of regions.
 */
import { defaultDomain, domainConstraints, describeDomain, integerConstraint, type Domain } from '../domain/domain.js';
import { InputError } from '../errors.js';
import { affineSign, isZero, nudgeInside, type Point } from '../kernel/intvec.js';
import { lcm } from '../kernel/rational.js';
import { denseFloatSimplex } from '../lp/dense-float-simplex.js';
import { InteriorDecider, isMotzkin, newStats, type DecisionStats, type OuterBox, type Row } from '../lp/interior.js';
import type { FloatLpBackend } from '../lp/types.js';
import { WarmInterior } from '../lp/warm-simplex.js';
import { toIntegerLayers, type IntLayer } from '../network/integer-network.js';
import type { Network } from '../network/network.js';
import { checkNetwork, checkRunOptions } from '../network/validate.js';
import { identityMap, preActivations, type IntAffine } from './affine.js';
import { mapConstant, mapRow, NextLayerMaps, PackedMap } from './next-layer-maps.js';
import { approxFromExact, type ApproxRows } from './approx-rows.js';
import { approxSide } from './approx-side.js';
import type { CertificateWriter } from './certificate-writer.js';
import { patternMap, patternRows } from './pattern-region.js';
import { bitString, LeafRegion, type Region, type Source } from './region.js';
import { Sharder, type ShardSpec } from './shard.js';
import { cellBox, type CellBox } from './cell-box.js';
import { floatRow, VertexGeometry, type Vertex } from './vertex-cells.js';

export interface EnumerateOptions {
  domain?: Domain;
  /** Float decisions only: UNSOUND, for speed comparisons. */
  float?: boolean;
  backend?: FloatLpBackend;
  stats?: DecisionStats;
  /**
   * 'vertex': cells carry exact vertex sets and splits are decided at the vertices (no LP);
   * bounded box domains only. 'lp': every decision by a certified LP. 'auto' (default): vertex
   * for boxes in dimension <= 4, where cells have few vertices, and for counting (anyWitness)
   * in dimension 5 with 3 or more ReLU layers; lp otherwise.
   */
  engine?: 'auto' | 'vertex' | 'lp';
  /** Enumerate only part `index` of `count` deterministic disjoint parts (see shard.ts). */
  shard?: ShardSpec;
  /**
   * The caller reads no witnesses and writes no certificate (count): the LP engine may then take
   * its proposals from a simplex warm-started at the parent cell's basis (lp/warm-simplex.ts).
   * Every decision is still certified exactly, so the regions, their order, rows and maps are
   * the same; only the witnesses (and the LP counters) may differ.
   */
  anyWitness?: boolean;
  /** The caller merges linear regions: each Region then has its map's hash (`mapHash`) without its map. */
  mapHashes?: boolean;
}

interface Cell {
  rows: Row[];
  /** Each row's number in the certificate's numbering: domain rows, then splits on the path. */
  rowIds: number[];
  sources: Source[];
  splitBase: number; // number of domain rows
  splits: number; // splits on the path so far (certificate numbering, one-sided ones included)
  depth: number; // real splits (both sides nonempty) on the path
  witness: Point;
  layer: number;
  neuron: number;
  pre: IntAffine; // pre-activations of `layer` on this cell
  preF: (Float64Array | undefined)[]; // vertex engine: the doubles of pre's rows, as converted (floatRowOf)
  next: NextLayerMaps | null; // the next layer's pre-activations from `pre`, shared by the cells that share `pre`
  bits: Uint8Array; // bits of `layer` decided so far
  pattern: string[]; // completed ReLU layers
  verts?: Vertex[]; // vertex engine: the cell's exact vertices
  box?: CellBox | null; // vertex engine: their bounding box (cell-box.ts), made on the first split; null: not finite
  rowsF?: Float64Array[]; // vertex engine: each row a·x < b's doubles (a, −b), for the witness check
  lp?: WarmInterior; // warm LP engine: the simplex state for `rows` (rows appended since are priced on the next solve)
}

export interface Enumeration {
  readonly d: number;
  readonly domain: Domain;
  readonly stats: DecisionStats;
  readonly decider: InteriorDecider;
  /** `cert` receives the split tree in preorder (see certify/format.ts). */
  regions(cert?: CertificateWriter): IterableIterator<Region>;
  /** The exact output map of the region with this pattern, equal to its Region's `map`. */
  mapOf(pattern: readonly string[]): IntAffine;
  /**
   * Rows that define the open region with this pattern (which the enumerator found): the
   * domain's rows and, for every ReLU neuron whose pre-activation is not constant on the input
   * space, its side (h > 0 or h < 0, as the pattern's bit says), in the enumerator's row form.
   */
  rowsOf(pattern: readonly string[]): Row[];
}

/**
 * The engine `auto` chooses: vertices for boxes in d <= 4; in d = 5 also when counting (no
 * records) a net of 3 or more ReLU layers, where cells have fewer vertices per split than LPs
 * cost (measured: 5-10-10-10, 5-12-12-12 about 1.5x faster, 5-10-10 slower). Records keep the LP
 * engine there (their witnesses).
 */
export function autoEngine(domainKind: string, d: number, reluLayers: number, counting: boolean): 'vertex' | 'lp' {
  return domainKind === 'box' && (d <= 4 || (d === 5 && counting && reluLayers >= 3)) ? 'vertex' : 'lp';
}

/** A pushed empty leaf: written when popped, to keep the certificate in preorder. */
export interface EmptyLeaf {
  rows: Row[];
  rowIds: number[];
  motzkin: bigint[];
}

export function createEnumeration(net: Network, options: EnumerateOptions = {}): Enumeration {
  checkNetwork(net); // hand-built networks and options get the parsers' checks (network/validate.ts)
  checkRunOptions(options, net.inputSize);
  const d = net.inputSize;
  const domain = options.domain ?? defaultDomain(d);
  const stats = options.stats ?? newStats();
  const floatOnly = options.float ?? false;
  const decider = new InteriorDecider(d, options.backend ?? denseFloatSimplex, stats, floatOnly);
  const layers = toIntegerLayers(net);
  const engine = options.engine ?? 'auto';
  if (engine === 'vertex' && domain.kind !== 'box') throw new InputError('--engine vertex needs a box domain');
  const counting = (options.anyWitness ?? false) && !floatOnly;
  const useVertices = engine === 'vertex' || (engine === 'auto' && autoEngine(domain.kind, d, layers.filter((l) => l.relu).length, counting) === 'vertex');
  const rowsPerPath = 2 * d + layers.reduce((n, l) => n + (l.relu ? l.W.length : 0), 0);
  const geometry = useVertices ? new VertexGeometry(d, Math.ceil(rowsPerPath / 32), stats, floatOnly) : null;
  const sharder = options.shard && options.shard.count > 1 ? new Sharder(options.shard) : null;
  return {
    d,
    domain,
    stats,
    decider,
    mapOf: (pattern) => patternMap(layers, d, pattern),
    rowsOf: (pattern) => patternRows(layers, d, domain, pattern),
    regions: (cert) =>
      new Walk({
        layers,
        d,
        domain,
        decider,
        geometry,
        cert: cert ?? null,
        sharder,
        warm: !cert && !floatOnly && (options.anyWitness ?? false),
        outerBox: domain.kind === 'box' ? boxBound(domain) : null,
        maps: { lazy: !cert, approx: geometry !== null, residues: options.mapHashes ?? false },
      }),
  };
}

/**
 * The regions in preorder, as an iterator over an explicit stack. A generator would save and
 * restore the walk loop's whole frame at every region (a twentieth of `count` on 4-16-16-16).
 * A region's certificate line is written on the next call, after the consumer has seen it
 * (verdict certificates attach proofs, certExtra); a consumer that stops early writes none.
 */
class Walk implements IterableIterator<Region> {
  private stack: (Cell | EmptyLeaf)[] | null = null;
  private last: Region | null = null;

  constructor(private readonly w: WalkContext) {}

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<Region> {
    const { w } = this;
    if (this.last) w.cert?.region(this.last);
    this.stack ??= start(w);
    this.last = nextRegion(w, this.stack);
    return this.last ? { done: false, value: this.last } : { done: true, value: undefined };
  }
}

interface WalkContext {
  layers: IntLayer[];
  d: number;
  domain: Domain;
  decider: InteriorDecider;
  geometry: VertexGeometry | null;
  cert: CertificateWriter | null;
  sharder: Sharder | null;
  warm: boolean;
  outerBox: OuterBox | null;
  /**
   * How the next layers' maps are made (next-layer-maps.ts): lazy when no certificate is written,
   * with their rows' doubles for the vertex engine, with residues for the merge's hash
   */
  maps: NextLayerMaps['options'];
}

function start({ layers, d, domain, decider, geometry, cert, sharder, warm, maps }: WalkContext): (Cell | EmptyLeaf)[] {
  if (cert && sharder) throw new InputError('a certificate covers the whole tree: it cannot be written for one shard');
  const root = rootCell(layers, d, domain, decider, geometry, maps);
  if (warm && !geometry) root.lp = WarmInterior.start(d);
  // counting: cut vertices may stay lazy (floats with a proven radius, solved when too close)
  if (geometry) geometry.lazy = warm;
  return [root];
}

/** Runs the split loop until the next region (null: the tree is done); empty leaves are written on the way. */
function nextRegion({ layers, d, decider, geometry, cert, sharder, outerBox, maps }: WalkContext, stack: (Cell | EmptyLeaf)[]): Region | null {
  while (stack.length > 0) {
    const top = stack.pop()!;
    if ('motzkin' in top) {
      cert?.empty(top);
      continue;
    }
    const cell = top;
    if (sharder && cell.depth === sharder.depth && !sharder.keep()) continue; // another part's subtree
    for (;;) {
      const layer = layers[cell.layer];
      if (cell.neuron === layer.W.length || !layer.relu) {
        const bits = layer.relu ? cell.bits : null;
        // a region's own last bit string is made by LeafRegion when read
        if (bits && cell.layer + 1 < layers.length) cell.pattern = [...cell.pattern, bitString(bits)];
        if (++cell.layer === layers.length) {
          if (sharder && cell.depth < sharder.depth && !sharder.keep()) break; // another part's region
          const { verts, rows } = cell;
          const region: Region = new LeafRegion(
            cell.pre,
            bits,
            cell.pattern,
            verts && geometry ? geometry.witness(verts, rows, cell.rowsF) : cell.witness,
            rows,
            cell.sources,
            verts && geometry ? () => geometry.facets(verts, rows.length) : undefined,
            // lazy vertices (counting) are not solved for this: nobody reads them then
            geometry?.lazy ? undefined : verts?.map((v) => ({ p: v.p, q: v.q })),
            cert ? { ids: cell.rowIds, count: cell.splitBase + cell.splits } : undefined,
          );
          return region; // its certificate line is written by Walk.next, after the consumer has seen it
        }
        cell.pre = cell.next!.map(bits);
        cell.preF = new Array(layers[cell.layer].W.length);
        cell.next = nextMaps(layers, cell.layer, cell.pre, d, maps);
        cell.bits = new Uint8Array(layers[cell.layer].W.length);
        cell.neuron = 0;
        continue;
      }
      const j = cell.neuron++;
      if (!cert && cell.verts && geometry) {
        // most neurons do not cut the cell: decided from doubles of the row, its exact row unread
        const approx = approxOf(cell.pre, d);
        if (approx) {
          if (cell.box === undefined) cell.box = cellBox(cell.verts, d);
          const side = cell.box ? approxSide(cell.box, approx, j, cell.pre instanceof PackedMap ? cell.pre.denDouble : Number(cell.pre.den), d) : 0;
          if (side !== 0) {
            cell.splits++;
            decider.stats.vertexSignsFiltered += cell.verts.length; // as split counts them (approx-side.ts)
            cell.bits[j] = side > 0 ? 1 : 0;
            continue;
          }
        }
      }
      const g = mapRow(cell.pre, j);
      const e = mapConstant(cell.pre, j);
      if (isZero(g)) {
        cert?.constant(cell.layer, j, e, cell.pre.den);
        cell.bits[j] = e > 0n ? 1 : 0; // constant on the cell: no split
        continue;
      }
      cert?.split(cell.layer, j, g, e, cell.pre.den);
      // Preorder: this loop goes on with the active side (h > 0); the inactive side is pushed.
      const splitId = cell.splitBase + cell.splits++;
      if (cell.verts && geometry) {
        // the rows and source are made only when needed: most neurons do not split a cell
        if (cell.box === undefined) cell.box = cellBox(cell.verts, d);
        const gef = floatRowOf(cell, j);
        const cut = geometry.split(cell.verts, cell.rows, g, e, cell.rows.length, gef, cell.box, cell.rowsF);
        if (cut.kind === 'both') {
          const source: Source = { kind: 'neuron', layer: cell.layer, index: j };
          const active: Row = { a: g.map((v) => -v), b: e };
          const inactive: Row = { a: g, b: -e };
          const child = branch(cell, inactive, splitId, source, j, 0, cell.witness);
          child.verts = cut.inactive;
          child.box = undefined;
          child.rowsF = [...cell.rowsF!, gef]; // g·x < −e: the doubles (g, e)
          stack.push(child);
          cell.verts = cut.active;
          cell.box = undefined;
          // in place: this cell owns its row arrays (branch and rootCell make them, the pushed
          // child got copies above; lazy vertices keep `rows` but read only indices below newRow)
          cell.rowsF!.push(negated(gef));
          cell.rows.push(active);
          cell.rowIds.push(splitId);
          cell.sources.push(source);
          cell.bits[j] = 1;
          if (sharder && ++cell.depth === sharder.depth && !sharder.keep()) break;
          continue;
        }
        const positive = cut.kind === 'positive';
        if (cert) {
          // the vertices decided it; the certificate still wants Motzkin multipliers
          const other: Row = positive ? { a: g, b: -e } : { a: g.map((v) => -v), b: e };
          const rows = [...cell.rows, other];
          let y = geometry.motzkinAtVertex(cell.verts, cell.rows, other);
          if (y && isMotzkin(rows, y, d)) decider.stats.motzkin++;
          else {
            const decision = decider.decide(rows);
            if (decision.kind !== 'empty') throw new Error('enumerate: internal error: vertex and LP decisions disagree');
            y = decision.y;
          }
          const leaf = { rows, rowIds: [...cell.rowIds, splitId], motzkin: y };
          if (positive) stack.push(leaf);
          else cert.empty(leaf);
        }
        cell.bits[j] = positive ? 1 : 0;
        continue;
      }
      const source: Source = { kind: 'neuron', layer: cell.layer, index: j };
      // not reduced to primitive form here: gcds of big integers cost more than they save
      const active: Row = { a: g.map((v) => -v), b: e }; // h > 0  ⇔  -g·x < e
      const inactive: Row = { a: g, b: -e }; // h < 0  ⇔  g·x < -e
      const s = affineSign(g, e, cell.witness);
      if (s === 0) {
        // The witness lies on h = 0 inside the cell, so both sides are nonempty: nudge it.
        stack.push(branch(cell, inactive, splitId, source, j, 0, nudgeInside(cell.witness, g.map((v) => -v), cell.rows), cell.lp?.clone()));
        cell.witness = nudgeInside(cell.witness, g, cell.rows);
        addRow(cell, active, splitId, source);
        cell.bits[j] = 1;
        if (sharder && ++cell.depth === sharder.depth && !sharder.keep()) break;
        continue;
      }
      const other = s > 0 ? inactive : active;
      if (cell.lp) {
        // Warm LP: the cell's optimal basis, plus the other side's row as a new column. Every
        // answer is certified exactly by the decider (witness, or emptiness through the box or a
        // Motzkin certificate), which falls back to a cold LP when the proposal does not certify.
        const rows = [...cell.rows, other];
        const base = cell.lp;
        base.optimise(cell.rows); // nothing to do when already optimal (a failure shows in ext.solve)
        const ext = base.clone();
        const decision = decider.decideFromProposal(rows, ext.solve(rows), outerBox);
        if (decision.kind === 'empty') {
          cell.bits[j] = s > 0 ? 1 : 0;
          continue;
        }
        if (s > 0) {
          stack.push(branch(cell, inactive, splitId, source, j, 0, decision.point, ext));
        } else {
          stack.push(branch(cell, inactive, splitId, source, j, 0, cell.witness, base));
          cell.witness = decision.point;
          cell.lp = ext;
        }
        addRow(cell, active, splitId, source);
        cell.bits[j] = 1;
        if (sharder && ++cell.depth === sharder.depth && !sharder.keep()) break;
        continue;
      }
      // Without a certificate the multipliers of an empty side are never used: the decider may
      // then prove emptiness through the domain box (every cell lies in it) instead of an exact
      // null space. Same verdicts, same witnesses; only the route to "empty" differs.
      const rows = [...cell.rows, other];
      const decision = !cert && outerBox ? decider.decideUncertified(rows, outerBox) : decider.decide(rows);
      if (decision.kind === 'empty') {
        // the whole cell lies on the witness's side: no row needed, one empty leaf in the tree
        if (cert) {
          const leaf = { rows, rowIds: [...cell.rowIds, splitId], motzkin: decision.y! };
          if (s > 0) stack.push(leaf);
          else cert.empty(leaf);
        }
        cell.bits[j] = s > 0 ? 1 : 0;
        continue;
      }
      if (s > 0) {
        stack.push(branch(cell, inactive, splitId, source, j, 0, decision.point));
      } else {
        stack.push(branch(cell, inactive, splitId, source, j, 0, cell.witness));
        cell.witness = decision.point;
      }
      addRow(cell, active, splitId, source);
      cell.bits[j] = 1;
      if (sharder && ++cell.depth === sharder.depth && !sharder.keep()) break;
    }
  }
  return null;
}

function rootCell(layers: IntLayer[], d: number, domain: Domain, decider: InteriorDecider, geometry: VertexGeometry | null, maps: NextLayerMaps['options']): Cell {
  const rows: Row[] = [];
  const sources: Source[] = [];
  for (const c of domainConstraints(domain, d)) {
    const row = integerConstraint(c);
    if (isZero(row.a)) {
      if (row.b < 0n) throw new InputError(`domain: empty (${describeDomain(domain)})`);
      continue; // 0·x <= b with b >= 0 holds everywhere
    }
    rows.push(row);
    sources.push({ kind: 'domain', face: c.face });
  }
  const decision = decider.decide(rows);
  if (decision.kind === 'empty') {
    throw new InputError(`domain: empty or lower-dimensional (${describeDomain(domain)}): it has no interior point`);
  }
  const pre = preActivations(layers[0], identityMap(d), d);
  const verts = geometry && domain.kind === 'box' ? boxVertices(geometry, domain, d) : undefined;
  return {
    verts,
    box: undefined,
    rowsF: verts ? rows.map((r) => floatRow(r.a, -r.b)) : undefined,
    rows,
    rowIds: rows.map((_, i) => i),
    sources,
    splitBase: rows.length,
    splits: 0,
    depth: 0,
    witness: decision.point,
    layer: 0,
    neuron: 0,
    pre,
    preF: new Array(pre.M.length),
    next: nextMaps(layers, 0, pre, d, maps),
    bits: new Uint8Array(layers[0].W.length),
    pattern: [],
    lp: undefined,
  };
}

/** The vertex filter's doubles of a pre-activation row, converted once per map (cells that share `pre` share `preF`). */
function floatRowOf(cell: Cell, j: number): Float64Array {
  return (cell.preF[j] ??= floatRow(mapRow(cell.pre, j), mapConstant(cell.pre, j)));
}

/** A pre-activation map's rows in doubles with a proven radius (approx-rows.ts); null when unavailable. */
const rootApprox = new WeakMap<IntAffine, ApproxRows | null>();
function approxOf(pre: IntAffine, d: number): ApproxRows | null {
  if (pre instanceof PackedMap) return pre.approx;
  let a = rootApprox.get(pre);
  if (a === undefined) rootApprox.set(pre, (a = approxFromExact(pre, d)));
  return a;
}

function negated(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) out[k] = -x[k];
  return out;
}

function nextMaps(layers: IntLayer[], layer: number, pre: IntAffine, d: number, options: NextLayerMaps['options']): NextLayerMaps | null {
  return layer + 1 < layers.length ? new NextLayerMaps(layers[layer + 1], pre, d, options) : null;
}

function branch(cell: Cell, row: Row, rowId: number, source: Source, j: number, bit: number, witness: Point, lp?: WarmInterior): Cell {
  const bits = cell.bits.slice();
  bits[j] = bit;
  // every field written out, in rootCell's order: an object spread of a cell cost a fifth of this function
  return {
    verts: cell.verts,
    box: cell.box,
    rowsF: cell.rowsF,
    rows: [...cell.rows, row],
    rowIds: [...cell.rowIds, rowId],
    sources: [...cell.sources, source],
    splitBase: cell.splitBase,
    splits: cell.splits,
    depth: cell.depth + 1,
    witness,
    layer: cell.layer,
    neuron: cell.neuron,
    pre: cell.pre,
    preF: cell.preF,
    next: cell.next,
    bits,
    pattern: cell.pattern,
    lp,
  };
}

function addRow(cell: Cell, row: Row, rowId: number, source: Source): void {
  // copies: the arrays may be shared with pushed cells
  cell.rows = [...cell.rows, row];
  cell.rowIds = [...cell.rowIds, rowId];
  cell.sources = [...cell.sources, source];
}


/**
 * The 2^d corners of the box with their tight rows; rows are numbered as domainConstraints
 * gives them (per input: x_i <= hi_i, then -x_i <= -lo_i), none of which is dropped for a box.
 */
function boxVertices(geometry: VertexGeometry, box: Extract<Domain, { kind: 'box' }>, d: number): Vertex[] {
  let q = 1n;
  for (let i = 0; i < d; i++) q = lcm(lcm(q, box.lo[i].d), box.hi[i].d);
  const verts: Vertex[] = [];
  for (let corner = 0; corner < 1 << d; corner++) {
    const tight = new Uint32Array(geometry.words);
    const p: bigint[] = [];
    for (let i = 0; i < d; i++) {
      const upper = (corner >> i) & 1;
      const v = upper ? box.hi[i] : box.lo[i];
      p.push(v.n * (q / v.d));
      const row = 2 * i + (upper ? 0 : 1);
      tight[row >> 5] |= 1 << (row & 31);
    }
    verts.push(geometry.vertex({ p, q }, tight));
  }
  return verts;
}

/** The box domain as integers over one common denominator (an outer box of every cell). */
function boxBound(box: Extract<Domain, { kind: 'box' }>): OuterBox {
  let q = 1n;
  for (let i = 0; i < box.lo.length; i++) q = lcm(lcm(q, box.lo[i].d), box.hi[i].d);
  return { lo: box.lo.map((v) => v.n * (q / v.d)), hi: box.hi.map((v) => v.n * (q / v.d)), q };
}
