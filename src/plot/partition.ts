/**
 * What a picture is drawn from, all exact: one enumeration into the region graph
 * (geometry/graph.ts), each region's vertices in order (geometry/order.ts: counter-clockwise in
 * 2-D, ascending in 1-D), its exact affine map (maps.ts), its linear region, the shared edges
 * between regions (geometry/boundaries.ts: the exact segment closure(A) ∩ closure(B)) and each
 * neuron's pieces. Pictures need a bounded domain in one or two dimensions.
 */
import { describeDomain, type Domain } from '../domain/domain.js';
import type { IntAffine } from '../enumerate/affine.js';
import type { RunOptions, RunSummary } from '../enumerate/run.js';
import { InputError } from '../errors.js';
import { boundaryPieces } from '../geometry/boundaries.js';
import { buildRegionGraph } from '../geometry/graph.js';
import { generatorOrder } from '../geometry/order.js';
import { domainShape } from '../geometry/record-fields.js';
import type { Point } from '../kernel/intvec.js';
import type { Network } from '../network/network.js';
import { mapsOfPatterns } from './maps.js';

export interface PlotRegion {
  id: number;
  pattern: string;
  linearRegion: number;
  /** Exact vertices: 2-D a counter-clockwise polygon, 1-D the interval's ends [lo, hi]. */
  vertices: Point[];
  /** The network's output on the region: (M x + c) / den, exactly. */
  map: IntAffine;
}

export interface PlotEdge {
  /** The two regions sharing the segment. */
  regions: [number, number];
  ends: [Point, Point];
  /** The two regions belong to different linear regions. */
  linear: boolean;
}

export interface PlotPiece {
  /** [network layer, neuron index]. */
  neuron: [number, number];
  ends: [Point, Point];
  /** The piece separates two linear regions (else the map is the same on both sides). */
  linear: boolean;
}

export interface Partition {
  d: 1 | 2;
  domain: Domain;
  /** The domain's vertices (2-D: counter-clockwise) and its bounding box (exact). */
  domainVertices: Point[];
  regions: PlotRegion[];
  /** Every shared edge (2-D: a segment; 1-D: a point, given as both ends) once. */
  edges: PlotEdge[];
  /** Each neuron's pieces (as edges); `layers` lists the ReLU layers (network layer numbers). */
  pieces: PlotPiece[];
  layers: number[];
  linearRegions: number;
  /** Pairs of adjacent regions, and of adjacent linear regions (for colourings). */
  regionPairs: [number, number][];
  linearPairs: [number, number][];
  outputs: number;
  summary: RunSummary;
}

/** Refuses what cannot be drawn, before anything is enumerated. */
export function checkPlottable(net: Network, domain: Domain, how = 'choose two with --pin … or --slice …'): Point[] {
  const d = net.inputSize;
  if (d > 2) throw new InputError(`plot: the domain has ${d} inputs; ${how}`);
  if (domain.kind === 'whole') throw new InputError(`plot: the domain is unbounded (${describeDomain(domain, d)}): give a bounded one (--box or --domain)`);
  const shape = domainShape(domain, d);
  if (!shape || !shape.bounded) throw new InputError(`plot: the domain is unbounded (${describeDomain(domain, d)}): give a bounded one (--box or --domain)`);
  if (shape.points.length === 0) throw new InputError(`plot: the domain is empty or lower-dimensional (${describeDomain(domain, d)})`);
  return generatorOrder(shape).points.map((i) => shape.points[i]);
}

export async function buildPartition(net: Network, domain: Domain, run: Omit<RunOptions, 'domain'> = {}): Promise<Partition> {
  const domainVertices = checkPlottable(net, domain);
  const d = net.inputSize as 1 | 2;
  const graph = await buildRegionGraph(net, { ...run, domain });
  const maps = mapsOfPatterns(
    net,
    graph.nodes.map((n) => n.pattern),
  );
  const regions: PlotRegion[] = graph.nodes.map((n, i) => {
    const shape = graph.shapes[n.id];
    return { id: n.id, pattern: n.pattern, linearRegion: n.linearRegion, vertices: generatorOrder(shape).points.map((k) => shape.points[k]), map: maps[i] };
  });
  const lin = (r: number) => graph.nodes[r].linearRegion;
  const edges: PlotEdge[] = [];
  const pieces: PlotPiece[] = [];
  const layers: number[] = [];
  {
    const seen = new Set<string>();
    for (const layer of boundaryPieces(net, graph)) {
      layers.push(layer.layer);
      for (const u of layer.neurons) {
        for (const p of u.pieces) {
          if (p.vertices.length !== d) continue; // bounded domains: every piece is a segment (2-D) or a point (1-D)
          const ends: [Point, Point] = [p.vertices[0], p.vertices[d - 1]];
          const linear = lin(p.regions[0]) !== lin(p.regions[1]);
          pieces.push({ neuron: [u.layer, u.index], ends, linear });
          const [a, b] = p.regions[0] < p.regions[1] ? p.regions : [p.regions[1], p.regions[0]];
          if (seen.has(`${a},${b}`)) continue;
          seen.add(`${a},${b}`);
          edges.push({ regions: [a, b], ends, linear });
        }
      }
    }
  }
  return {
    d,
    domain,
    domainVertices,
    regions,
    edges,
    pieces,
    layers: layers.length > 0 ? layers : net.layers.flatMap((l, i) => (l.activation === 'relu' ? [i] : [])),
    linearRegions: graph.linear.nodes.length,
    regionPairs: graph.edges.map((e) => [e.source, e.target]),
    linearPairs: graph.linear.edges.map((e) => [e.source, e.target]),
    outputs: net.layers[net.layers.length - 1].weights.length,
    summary: graph.summary,
  };
}
