/**
 * The "bent hyperplanes" (Rolnick and Kording): for each neuron, the pieces of its zero set that
 * bound regions. Every piece is a facet shared by two adjacent regions (an edge of the region
 * graph, graph.ts) across which the neuron's bit flips, and is the exact (d−1)-polytope
 * closure(A) ∩ closure(B): its generators are those of the smaller facet when one facet contains
 * the other, else they come from exact vertex enumeration of both regions' facets together.
 * Its hyperplane is oriented so that the neuron is active on the side a·x < b.
 */
import { domainToJson } from '../domain/domain.js';
import { dot, pointToRationals, type Point } from '../kernel/intvec.js';
import { toString } from '../kernel/rational.js';
import type { Network } from '../network/network.js';
import { polyhedronGenerators } from './double-description.js';
import type { RegionGraph } from './graph.js';
import type { Shape } from './shape.js';

export interface BoundaryPiece {
  /** The two regions (graph node ids): active side first. */
  regions: [number, number];
  /** a·x = b, the neuron active where a·x < b. */
  hyperplane: { a: bigint[]; b: bigint };
  /** An exact point in the piece's relative interior. */
  point: Point;
  /** The piece is conv(vertices) + cone(rays) + span(lines); bounded when rays and lines are empty. */
  vertices: Point[];
  rays: bigint[][];
  lines: bigint[][];
}

export interface NeuronBoundary {
  layer: number;
  index: number;
  pieces: BoundaryPiece[];
}

/** Every ReLU neuron, grouped by layer (network layer numbers), with its pieces. */
export function boundaryPieces(net: Network, graph: RegionGraph): { layer: number; neurons: NeuronBoundary[] }[] {
  const layers = net.layers.flatMap((l, layer) =>
    l.activation === 'relu' ? [{ layer, neurons: l.weights.map((_, index): NeuronBoundary => ({ layer, index, pieces: [] })) }] : [],
  );
  const byLayer = new Map(layers.map((l) => [l.layer, l.neurons]));
  const group = new Map(layers.map((l, g) => [l.layer, g])); // pattern group of each ReLU layer
  for (const e of graph.edges) {
    const bits = graph.nodes[e.source].pattern.split('|');
    for (const [layer, index] of e.neurons) {
      const sourceActive = bits[group.get(layer)!][index] === '1';
      const [active, inactive] = sourceActive ? [e.source, e.target] : [e.target, e.source];
      const { a, b } = e.hyperplane; // source's facet: a·x <= b on the source's side
      const hyperplane = sourceActive ? { a, b } : { a: a.map((x) => -x), b: -b };
      byLayer.get(layer)![index].pieces.push({ regions: [active, inactive], hyperplane, point: e.point, ...sharedPiece(graph.shapes[active], graph.shapes[inactive], hyperplane) });
    }
  }
  return layers;
}

/** closure(A) ∩ closure(B) for adjacent A, B; `h` is the shared hyperplane. */
export function sharedPiece(A: Shape, B: Shape, h: { a: bigint[]; b: bigint }): { vertices: Point[]; rays: bigint[][]; lines: bigint[][] } {
  for (const [X, Y] of [
    [A, B],
    [B, A],
  ]) {
    const f = X.facets.findIndex((g) => sameHyperplane(g, h));
    if (f >= 0 && insideAll(X, f, Y)) {
      const vertices = X.pointsOn[f].map((i) => X.points[i]);
      const rays = X.raysOn[f].map((i) => X.rays[i]);
      return { vertices: orderOnLine(vertices, h, A.d), rays, lines: X.lines };
    }
  }
  const g = polyhedronGenerators([...A.facets, ...B.facets], A.d);
  return { vertices: orderOnLine(g.points, h, A.d), rays: g.rays, lines: g.lines };
}

const sameHyperplane = (g: { a: bigint[]; b: bigint }, h: { a: bigint[]; b: bigint }): boolean =>
  (g.b === h.b && g.a.every((x, k) => x === h.a[k])) || (g.b === -h.b && g.a.every((x, k) => x === -h.a[k]));

/** All generators of X's facet f satisfy every facet of Y (f ⊆ closure(Y)). */
function insideAll(X: Shape, f: number, Y: Shape): boolean {
  return Y.facets.every(
    (g) =>
      X.pointsOn[f].every((i) => dot(g.a, X.points[i].p) <= g.b * X.points[i].q) &&
      X.raysOn[f].every((i) => dot(g.a, X.rays[i]) <= 0n) &&
      X.lines.every((l) => dot(g.a, l) === 0n),
  );
}

/** 2-D pieces are segments: their two ends in the direction (−a1, a0). */
function orderOnLine(vertices: Point[], h: { a: bigint[] }, d: number): Point[] {
  if (d !== 2 || vertices.length !== 2) return vertices;
  const t = [-h.a[1], h.a[0]];
  const [u, v] = vertices;
  return dot(t, u.p) * v.q <= dot(t, v.p) * u.q ? [u, v] : [v, u];
}

/** The JSON form: exact rationals as "p/q", integer vectors as strings. */
export function boundariesJson(net: Network, graph: RegionGraph, layers: { layer: number; neurons: NeuronBoundary[] }[]): unknown {
  const point = (pt: Point) => pointToRationals(pt).map(toString);
  const ints = (v: bigint[]) => v.map(String);
  return {
    inputSize: net.inputSize,
    domain: domainToJson(graph.domain),
    domainText: graph.summary.domainText,
    regions: graph.nodes.length,
    pieces: layers.reduce((n, l) => n + l.neurons.reduce((m, u) => m + u.pieces.length, 0), 0),
    layers: layers.map((l) => ({
      layer: l.layer,
      neurons: l.neurons.map((u) => ({
        neuron: [u.layer, u.index],
        pieces: u.pieces.map((p) => ({
          regions: p.regions,
          hyperplane: { a: ints(p.hyperplane.a), b: String(p.hyperplane.b) },
          point: point(p.point),
          vertices: p.vertices.map(point),
          ...(p.rays.length > 0 || p.lines.length > 0 ? { rays: p.rays.map(ints), lines: p.lines.map(ints) } : {}),
        })),
      })),
    })),
    partial: graph.summary.partial,
    ...(graph.summary.stopReason ? { stopReason: graph.summary.stopReason } : {}),
  };
}
