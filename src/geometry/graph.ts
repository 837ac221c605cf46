/**
 * The adjacency graph of the activation regions: nodes are regions (pattern, witness, linear
 * region), edges are shared (d−1)-dimensional facets, each with the neurons whose bits flip
 * across it and an exact point in its relative interior; and its quotient by linear regions.
 *
 * A thin consumer of the enumerator: one run (with linear-region merging) hands over each
 * region's shape (region facets and vertices, shape.ts), and adjacency.ts pairs the facets.
 */
import { defaultDomain, type Domain } from '../domain/domain.js';
import type { Point } from '../kernel/intvec.js';
import { denseFloatSimplex } from '../lp/dense-float-simplex.js';
import { InteriorDecider, newStats } from '../lp/interior.js';
import type { Network } from '../network/network.js';
import { checkNetwork } from '../network/validate.js';
import type { RegionRecord, Source } from '../enumerate/region.js';
import { runEnumeration, type RunOptions, type RunSummary } from '../enumerate/run.js';
import { sharedFacets, type AdjacencyStats } from './adjacency.js';
import { regionShape, type Shape } from './shape.js';

export interface GraphNode {
  id: number;
  pattern: string;
  witness: Point;
  linearRegion: number;
  /** The domain faces among the region's facets (its boundary edges). */
  boundary: Source[];
}

export interface GraphEdge {
  source: number;
  target: number;
  /** [layer, index] of every neuron whose bit differs between the two regions. */
  neurons: [number, number][];
  /** An exact point in the relative interior of the shared facet. */
  point: Point;
  /** The facet's hyperplane as `source`'s facet: a·x <= b on the source's side. */
  hyperplane: { a: bigint[]; b: bigint };
}

export interface LinearGraph {
  nodes: { id: number; regions: number[] }[];
  /** Linear regions sharing at least one facet, and how many facets they share. */
  edges: { source: number; target: number; facets: number }[];
}

export interface RegionGraph {
  inputSize: number;
  domain: Domain;
  nodes: GraphNode[];
  edges: GraphEdge[];
  linear: LinearGraph;
  /** Facets on the domain's boundary, over all regions. */
  boundaryFacets: number;
  /** The enumeration's summary (partial when stopped: the graph of the regions found). */
  summary: RunSummary;
  adjacency: AdjacencyStats & { lpSolves: number };
  /** Each region's exact shape (facets, vertices), by node id. */
  shapes: Shape[];
}

/** Enumerates the regions once and builds their adjacency graph. */
export async function buildRegionGraph(net: Network, options: RunOptions = {}): Promise<RegionGraph> {
  const shapes: Shape[] = [];
  const records: RegionRecord[] = [];
  checkNetwork(net);
  const domain = options.domain ?? defaultDomain(net.inputSize);
  const summary = await runEnumeration(
    net,
    { ...options, domain, merge: true, minimal: true, regionExtra: (region, facets, id) => void (shapes[id] = regionShape(region, facets)) },
    (rec) => void (records[rec.id] = rec),
  );
  const lpStats = newStats();
  const decider = new InteriorDecider(net.inputSize, options.backend ?? denseFloatSimplex, lpStats, options.float ?? false);
  const { shared, stats } = sharedFacets(shapes, decider);
  const reluLayers = net.layers.flatMap((l, i) => (l.activation === 'relu' ? [i] : []));
  const nodes: GraphNode[] = records.map((rec) => ({
    id: rec.id,
    pattern: rec.pattern,
    witness: shapes[rec.id].witness,
    linearRegion: rec.linearRegion!,
    boundary: shapes[rec.id].facets.filter((f) => isDomainFace(f.source)).map((f) => f.source as Source),
  }));
  const edges: GraphEdge[] = shared.map((s) => {
    const [u, v] = s.regions;
    const f = shapes[u].facets[s.facets[0]];
    return { source: u, target: v, neurons: flippedNeurons(nodes[u].pattern, nodes[v].pattern, reluLayers), point: s.point, hyperplane: { a: f.a, b: f.b } };
  });
  return {
    inputSize: net.inputSize,
    domain,
    nodes,
    edges,
    linear: quotient(nodes, edges),
    boundaryFacets: nodes.reduce((n, node) => n + node.boundary.length, 0),
    summary,
    adjacency: { ...stats, lpSolves: lpStats.lpSolves },
    shapes,
  };
}

export const isDomainFace = (s: unknown): boolean => (s as Source).kind === 'domain';

/** The bits that differ, as [network layer, neuron index]; `reluLayers[g]` is the layer of pattern group g. */
export function flippedNeurons(p: string, q: string, reluLayers: number[]): [number, number][] {
  const a = p.split('|');
  const b = q.split('|');
  const out: [number, number][] = [];
  a.forEach((bits, g) => {
    for (let j = 0; j < bits.length; j++) if (bits[j] !== b[g][j]) out.push([reluLayers[g], j]);
  });
  return out;
}

function quotient(nodes: GraphNode[], edges: GraphEdge[]): LinearGraph {
  const members = new Map<number, number[]>();
  for (const n of nodes) {
    const list = members.get(n.linearRegion);
    if (list) list.push(n.id);
    else members.set(n.linearRegion, [n.id]);
  }
  const count = new Map<string, number>();
  for (const e of edges) {
    let x = nodes[e.source].linearRegion;
    let y = nodes[e.target].linearRegion;
    if (x === y) continue;
    if (x > y) [x, y] = [y, x];
    const key = `${x},${y}`;
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  return {
    nodes: [...members].sort((x, y) => x[0] - y[0]).map(([id, regions]) => ({ id, regions })),
    edges: [...count]
      .map(([key, facets]) => {
        const [source, target] = key.split(',').map(Number);
        return { source, target, facets };
      })
      .sort((x, y) => x.source - y.source || x.target - y.target),
  };
}
