/**
 * The geometry queries of the library, in the style of api/queries.ts: exact numbers at the edge
 * are fraction.js Fractions, integer directions bigints; inputs are read by api/inputs.ts.
 *
 *   regionGeometry(net, {vertices, volume})  every region's exact vertices and volume, and the total
 *   regionGraph(net)                          the adjacency graph and its linear-region quotient
 *   neuronBoundaries(net)                     each neuron's pieces of its zero set that bound regions
 *   polyhedronVertices({A, b})                exact vertices, rays and lines of {x : A x <= b}
 *   polytopeVolume({A, b})                    the exact volume of a bounded {x : A x <= b}
 */
import type { Domain } from '../domain/domain.js';
import { InputError } from '../errors.js';
import { pointToRationals, type Point } from '../kernel/intvec.js';
import { lcm, type Rational } from '../kernel/rational.js';
import { denseFloatSimplex } from '../lp/dense-float-simplex.js';
import { InteriorDecider, newStats } from '../lp/interior.js';
import type { Network } from '../network/network.js';
import { Pacer, type StopOptions, type StopReason } from '../run-control.js';
import { runEnumeration, type RunSummary } from '../enumerate/run.js';
import { toFraction, toFractions, type Fraction } from '../api/exact.js';
import { toDomain, toNetwork, type DomainInput, type NetworkInput } from '../api/inputs.js';
import type { Source } from '../enumerate/region.js';
import { boundaryPieces } from './boundaries.js';
import { buildRegionGraph } from './graph.js';
import { generatorOrder } from './order.js';
import { domainShape, geometryFields } from './record-fields.js';
import { polyhedronShape, regionShape, type Shape } from './shape.js';
import { shapeVolume } from './volume.js';
import { addReduced } from './exact-sum.js';

export interface GeometryOptions extends StopOptions {
  domain?: DomainInput | Domain;
  engine?: 'auto' | 'vertex' | 'lp';
  maxRegions?: number;
}

interface Partial {
  partial: boolean;
  stopReason?: StopReason | 'max-regions';
}

function prepare(network: NetworkInput | Network, options: GeometryOptions) {
  const net = toNetwork(network);
  const domain = toDomain(options.domain, net.inputSize);
  const pacer = new Pacer(options);
  const run = { domain, engine: options.engine, maxRegions: options.maxRegions, shouldStop: () => pacer.check() !== null };
  const stopped = (s: RunSummary): Partial => {
    const reason = s.stopReason === 'interrupted' ? pacer.reason! : s.stopReason;
    return s.partial ? { partial: true, stopReason: reason } : { partial: false };
  };
  return { net, domain, run, stopped };
}

export interface RegionGeometry {
  id: number;
  pattern: string;
  witness: Fraction[];
  /** Exact vertices (2-D: counter-clockwise); with `lines`, one point of each minimal face. */
  vertices: Fraction[][];
  bounded: boolean;
  /** Unbounded regions: the region is conv(vertices) + cone(rays) + span(lines). */
  rays: bigint[][];
  lines: bigint[][];
  /** With `volume: true` (bounded domains only). */
  volume?: Fraction;
}

export interface GeometryAnswer extends Partial {
  regions: RegionGeometry[];
  /** With `volume: true`: the sum of the regions' volumes, and the domain's (equal when complete). */
  totalVolume?: Fraction;
  domainVolume?: Fraction;
}

/**
 * Every region's exact vertices (and with `volume: true` its exact volume). `volume` on an
 * unbounded domain rejects with an InputError naming the first unbounded region.
 */
export async function regionGeometry(network: NetworkInput | Network, options: GeometryOptions & { volume?: boolean } = {}): Promise<GeometryAnswer> {
  const { net, domain, run, stopped } = prepare(network, options);
  const want = { vertices: true, volume: options.volume ?? false };
  const dom = want.volume ? domainShape(domain, net.inputSize) : null;
  const regions: RegionGeometry[] = [];
  let total: Rational = { n: 0n, d: 1n };
  const s = await runEnumeration(net, {
    ...run,
    regionExtra: (region, facets, id) => {
      const shape = regionShape(region, facets);
      const { volume } = geometryFields(shape, { volume: want.volume }, () => `region ${id} (pattern ${region.pattern.join('|')})`);
      if (volume) total = addReduced(total, volume);
      regions.push({ id, pattern: region.pattern.join('|'), witness: toFractions(pointToRationals(region.witness)), ...generators(shape), ...(volume ? { volume: toFraction(volume) } : {}) });
      return undefined;
    },
  });
  return {
    regions,
    ...(want.volume ? { totalVolume: toFraction(total), domainVolume: toFraction(shapeVolume(dom!)) } : {}),
    ...stopped(s),
  };
}

function generators(shape: Shape): Pick<RegionGeometry, 'vertices' | 'bounded' | 'rays' | 'lines'> {
  const order = generatorOrder(shape);
  return {
    vertices: order.points.map((i) => fractions(shape.points[i])),
    bounded: shape.bounded,
    rays: order.rays.map((i) => shape.rays[i]),
    lines: shape.lines,
  };
}

const fractions = (pt: Point): Fraction[] => toFractions(pointToRationals(pt));

export interface GraphAnswer extends Partial {
  nodes: { id: number; pattern: string; witness: Fraction[]; linearRegion: number; boundary: Source[] }[];
  /** Shared facets: the neurons ([layer, index]) whose bits flip, an exact point in the facet's relative interior, its hyperplane a·x <= b as the source's facet. */
  edges: { source: number; target: number; neurons: [number, number][]; point: Fraction[]; hyperplane: { a: bigint[]; b: bigint } }[];
  /** The quotient graph: linear regions (their activation regions) and the pairs that share facets. */
  linearRegions: { nodes: { id: number; regions: number[] }[]; edges: { source: number; target: number; facets: number }[] };
}

/** The adjacency graph of the activation regions, and of the linear regions. */
export async function regionGraph(network: NetworkInput | Network, options: GeometryOptions = {}): Promise<GraphAnswer> {
  const { net, run, stopped } = prepare(network, options);
  const g = await buildRegionGraph(net, run);
  return {
    nodes: g.nodes.map((n) => ({ ...n, witness: fractions(n.witness) })),
    edges: g.edges.map((e) => ({ ...e, point: fractions(e.point) })),
    linearRegions: g.linear,
    ...stopped(g.summary),
  };
}

export interface BoundaryAnswer extends Partial {
  /** ReLU layers (network layer numbers), each neuron with its pieces (possibly none). */
  layers: {
    layer: number;
    neurons: {
      neuron: [number, number];
      /** regions: [active side, inactive side]; hyperplane a·x = b with the neuron active where a·x < b. */
      pieces: { regions: [number, number]; hyperplane: { a: bigint[]; b: bigint }; point: Fraction[]; vertices: Fraction[][]; rays: bigint[][]; lines: bigint[][] }[];
    }[];
  }[];
}

/** Each neuron's "bent hyperplane": the exact pieces of its zero set that bound regions. */
export async function neuronBoundaries(network: NetworkInput | Network, options: GeometryOptions = {}): Promise<BoundaryAnswer> {
  const { net, run, stopped } = prepare(network, options);
  const g = await buildRegionGraph(net, run);
  const layers = boundaryPieces(net, g).map((l) => ({
    layer: l.layer,
    neurons: l.neurons.map((u) => ({
      neuron: [u.layer, u.index] as [number, number],
      pieces: u.pieces.map((p) => ({ ...p, point: fractions(p.point), vertices: p.vertices.map(fractions) })),
    })),
  }));
  return { layers, ...stopped(g.summary) };
}

/** {x : A x <= b} as integer rows, with an interior point when it has one. */
function polyhedron(input: { A: unknown[][]; b: unknown[] }): { shape: Shape | null; d: number } {
  const A = (input as { A?: unknown }).A;
  if (!Array.isArray(A) || A.length === 0 || !Array.isArray(A[0])) throw new InputError('polyhedron: expected {A: [[...]], b: [...]} with at least one row');
  const d = A[0].length;
  const domain = toDomain({ kind: 'polyhedron', ...input } as DomainInput, d, 'polyhedron');
  if (domain.kind !== 'polyhedron') throw new InputError('polyhedron: expected {A, b}');
  const facets = domain.A.map((row, i) => {
    let den = domain.b[i].d;
    for (const v of row) den = lcm(den, v.d);
    return { a: row.map((v) => v.n * (den / v.d)), b: domain.b[i].n * (den / domain.b[i].d), source: { kind: 'domain', face: { kind: 'row', index: i } } };
  });
  const interior = new InteriorDecider(d, denseFloatSimplex, newStats()).decide(facets.filter((f) => f.a.some((x) => x !== 0n)));
  if (facets.some((f) => f.a.every((x) => x === 0n) && f.b < 0n) || interior.kind === 'empty') return { shape: null, d };
  return { shape: polyhedronShape(facets, d, interior.point), d };
}

/**
 * Exact generators of {x : A x <= b} (entries as for domains: numbers, exact strings, bigints,
 * Fractions): it is conv(vertices) + cone(rays) + span(lines). Empty and lower-dimensional
 * polyhedra give no vertices.
 */
export function polyhedronVertices(input: { A: unknown[][]; b: unknown[] }): { vertices: Fraction[][]; rays: bigint[][]; lines: bigint[][]; bounded: boolean } {
  const { shape } = polyhedron(input);
  if (!shape) return { vertices: [], rays: [], lines: [], bounded: true };
  return generators(shape);
}

/** The exact volume of {x : A x <= b}: 0 when it is empty or lower-dimensional; an InputError when unbounded. */
export function polytopeVolume(input: { A: unknown[][]; b: unknown[] }): Fraction {
  const { shape } = polyhedron(input);
  if (!shape) return toFraction({ n: 0n, d: 1n });
  if (!shape.bounded) throw new InputError('polyhedron: unbounded: its volume is infinite');
  return toFraction(shapeVolume(shape));
}
