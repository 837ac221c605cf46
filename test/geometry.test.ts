/**
 * Region geometry with known answers: exact vertices (counter-clockwise in 2-D), volumes, the
 * adjacency graph (every interior facet shared by exactly two regions, Euler's formula in 2-D)
 * and the neurons' boundary pieces.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { polyhedronVertices, polytopeVolume, regionGeometry, regionGraph, neuronBoundaries } from '../src/index.js';
import { polyhedronGenerators } from '../src/geometry/double-description.js';
import { buildRegionGraph, type RegionGraph } from '../src/geometry/graph.js';
import { formatGraph } from '../src/geometry/graph-format.js';
import { sharedFacets } from '../src/geometry/adjacency.js';
import { polyhedronShape } from '../src/geometry/shape.js';
import { InteriorDecider, newStats } from '../src/lp/interior.js';
import { denseFloatSimplex } from '../src/lp/dense-float-simplex.js';
import { pointToRationals, type Point } from '../src/kernel/intvec.js';
import { add, gcd, neg, rat, sub, toString, type Rational } from '../src/kernel/rational.js';
import { lehmerGcd } from '../src/kernel/lehmer.js';

const euclid = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};
import { addReduced } from '../src/geometry/exact-sum.js';
import { determinant } from '../src/geometry/determinant.js';
import { mulberry32 } from './helpers/random.js';
import { sharedPiece } from '../src/geometry/boundaries.js';
import { loadNetwork } from '../src/network/load.js';
import { box, braid, layer, net, whole } from './helpers/nets.js';

const shared = join(new URL('..', import.meta.url).pathname, '../shared/nets');
const str = (pt: { toFraction(): string }[]) => pt.map((x) => x.toFraction()).join(',');
const key = (pt: Point) => pointToRationals(pt).map(toString).join(',');

// relu(x), relu(y), relu(x + y): three lines through the origin, 6 regions in [-1,1]^2
const three = net(2, layer([[1, 0], [0, 1], [1, 1]], [0, 0, 0]));

describe('exact arithmetic helpers', () => {
  it("Lehmer's gcd and the exact sum agree with the kernel on random long integers", () => {
    const rand = mulberry32(7);
    const big = (bits: number) => {
      let x = 0n;
      for (let i = 0; i < bits; i += 30) x = (x << 30n) | BigInt(Math.floor(rand() * 2 ** 30));
      return x;
    };
    for (let i = 0; i < 1000; i++) {
      const g = big(1 + Math.floor(rand() * 400));
      const a = big(1 + Math.floor(rand() * 2500)) * g;
      const b = big(1 + Math.floor(rand() * 2500)) * (rand() < 0.5 ? g : 1n);
      expect(lehmerGcd(a, -b)).toBe(euclid(a, b)); // the kernel's gcd uses Lehmer for long operands: compare with plain Euclid
      expect(gcd(a, b)).toBe(euclid(a, b));
      const x = rat(a, b === 0n ? 1n : b);
      const y = rat(b - a, g === 0n ? 1n : g);
      expect(addReduced(x, y)).toEqual(add(x, y));
    }
    expect(determinant([[2n, 1n, 0n], [1n, 3n, 1n], [0n, 1n, 4n]])).toBe(18n);
    expect(determinant([[0n, 1n], [1n, 0n]])).toBe(-1n);
  });
});

describe('vertices and volumes', () => {
  it('a hand-made 2-D net: counter-clockwise vertices and exact areas', async () => {
    const g = await regionGeometry(three, { volume: true });
    const byPattern = new Map(g.regions.map((r) => [r.pattern, r]));
    expect(byPattern.get('111')!.vertices.map(str)).toEqual(['1,1', '0,1', '0,0', '1,0']);
    expect(byPattern.get('101')!.vertices.map(str)).toEqual(['1,0', '0,0', '1,-1']);
    expect(byPattern.get('000')!.vertices.map(str)).toEqual(['0,0', '-1,0', '-1,-1', '0,-1']);
    expect(g.regions.map((r) => `${r.pattern}:${r.volume!.toFraction()}`).sort()).toEqual(['000:1', '010:1/2', '011:1/2', '100:1/2', '101:1/2', '111:1']);
    expect(g.totalVolume!.toFraction()).toBe('4');
    expect(g.domainVolume!.toFraction()).toBe('4');
    for (const r of g.regions) expect(r.bounded).toBe(true);
  });

  it('counter-clockwise order is positive orientation for every region of a random net', async () => {
    const g = await regionGeometry(loadNetwork(join(shared, 'random-d2-16x16.json')), { volume: true });
    for (const r of g.regions) {
      const v = r.vertices;
      for (let i = 0; i < v.length; i++) {
        const [a, b, c] = [v[i], v[(i + 1) % v.length], v[(i + 2) % v.length]];
        const cross = b[0].sub(a[0]).mul(c[1].sub(b[1])).sub(b[1].sub(a[1]).mul(c[0].sub(b[0])));
        expect(cross.s * cross.n > 0n).toBe(true); // strictly convex, counter-clockwise
      }
    }
    expect(g.totalVolume!.toFraction()).toBe('4');
  });

  it('unbounded regions of the whole space: vertices, rays [incoming, outgoing], and no volume', async () => {
    const g = await regionGeometry(three, { domain: whole });
    const q = g.regions.find((r) => r.pattern === '111')!; // the quadrant x, y > 0
    expect(q.bounded).toBe(false);
    expect(q.vertices.map(str)).toEqual(['0,0']);
    expect(q.rays).toEqual([[0n, 1n], [1n, 0n]]);
    await expect(regionGeometry(three, { domain: whole, volume: true })).rejects.toThrow(/volume: region \d+ \(pattern [01]+\) is unbounded/);
    // a half-plane: lines
    const h = await regionGeometry(net(2, layer([[1, 0]], [0])), { domain: whole });
    expect(h.regions.map((r) => r.lines.length)).toEqual([1, 1]);
  });

  it('1-D: intervals in ascending order, lengths summing to the domain', async () => {
    const g = await regionGeometry(net(1, layer([[1], [1], [-2]], ['1/3', '-1/2', '1/5'])), { volume: true, domain: box('-1', '1', 1) });
    expect(g.regions.map((r) => `${str(r.vertices[0])}..${str(r.vertices[1])}`).sort()).toEqual(['-1..-1/3', '-1/3..1/10', '1/10..1/2', '1/2..1']);
    expect(g.totalVolume!.toFraction()).toBe('2');
  });

  it('3-D and 4-D: unit cubes, and the standard simplex of volume 1/24', async () => {
    const cubes = await regionGeometry(braid(3), { volume: true, domain: box(0, 1, 3) }); // x_i − x_j: 6 simplices of the unit cube
    expect(cubes.regions.map((r) => r.volume!.toFraction())).toEqual(new Array(6).fill('1/6'));
    // x_0..x_3 >= 0 and 1 − Σx: the all-active region is the standard simplex
    const simplex = net(4, layer([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [-1, -1, -1, -1]], [0, 0, 0, 0, 1]));
    for (const engine of ['vertex', 'lp'] as const) {
      const g = await regionGeometry(simplex, { volume: true, domain: box('-1/2', 1, 4), engine });
      const s = g.regions.find((r) => r.pattern === '11111')!;
      expect(s.vertices).toHaveLength(5);
      expect(s.volume!.toFraction()).toBe('1/24');
      expect(g.totalVolume!.toFraction()).toBe('81/16');
    }
  });

  it('exact vertex enumeration and volumes of polytopes', () => {
    const square = polyhedronVertices({ A: [[1, 0], [-1, 0], [0, 1], [0, -1]], b: ['1/3', 1, 1, 1] });
    expect(square.vertices.map(str).sort()).toEqual(['-1,-1', '-1,1', '1/3,-1', '1/3,1']);
    // cross-polytope |x|_1 <= 1 in R^d: volume 2^d / d!
    for (const [d, vol] of [[2, '2'], [3, '4/3'], [4, '2/3']] as const) {
      const A: number[][] = [];
      for (let m = 0; m < 1 << d; m++) A.push(Array.from({ length: d }, (_, i) => ((m >> i) & 1 ? 1 : -1)));
      expect(polyhedronVertices({ A, b: A.map(() => 1) }).vertices).toHaveLength(2 * d);
      expect(polytopeVolume({ A, b: A.map(() => 1) }).toFraction()).toBe(vol);
    }
    expect(polytopeVolume({ A: [[1, 0], [-1, 0]], b: [1, -1] }).toFraction()).toBe('0'); // lower-dimensional (and unbounded)
    expect(() => polytopeVolume({ A: [[1, 0]], b: [1] })).toThrow('unbounded');
    // a strip: lines and rays
    const g = polyhedronGenerators([{ a: [1n, 0n], b: 1n }, { a: [-1n, 0n], b: 1n }, { a: [0n, -1n], b: 0n }], 2);
    expect(g.points).toHaveLength(2);
    expect(g.rays).toEqual([[0n, 1n]]);
    expect(g.lines).toEqual([]);
  });
});

/** Regions whose closure contains the point (exact). */
function containing(g: RegionGraph, pt: Point): number[] {
  return g.shapes.flatMap((s, i) => (s.facets.every((f) => f.a.reduce((t, a, k) => t + a * pt.p[k], 0n) <= f.b * pt.q) ? [i] : []));
}

/** V − E + F of the planar subdivision: vertices from the regions' exact vertices, edges = shared facets + boundary facets. */
function euler(g: RegionGraph): number {
  const V = new Set<string>();
  for (const s of g.shapes) for (const p of s.points) V.add(key(p));
  return V.size - (g.edges.length + g.boundaryFacets) + g.nodes.length;
}

/**
 * 2-D: every facet of every region on a neuron's line is exactly covered by the shared pieces
 * on it (their lengths along the line add up to the facet's), every domain facet by none.
 */
function tiled(g: RegionGraph): boolean {
  const pieces = g.edges.map((e) => ({ regions: [e.source, e.target], hyperplane: e.hyperplane, ...sharedPiece(g.shapes[e.source], g.shapes[e.target], e.hyperplane) }));
  return g.shapes.every((s, r) =>
    s.facets.every((f, i) => {
      const t = [-f.a[1], f.a[0]];
      const at = (p: Point) => rat(t[0] * p.p[0] + t[1] * p.p[1], p.q);
      const ends = s.pointsOn[i].map((j) => at(s.points[j]));
      const length = sub(ends[0], ends[1]);
      let covered = rat(0n);
      for (const p of pieces) {
        if (!p.regions.includes(r) || !sameLine(p.hyperplane, f)) continue;
        const [u, v] = p.vertices.map(at);
        covered = add(covered, abs(sub(u, v)));
      }
      const expected = f.source && (f.source as { kind: string }).kind === 'domain' ? rat(0n) : abs(length);
      return covered.n === expected.n && covered.d === expected.d;
    }),
  );
}

const abs = (x: Rational): Rational => (x.n < 0n ? neg(x) : x);
const sameLine = (h: { a: bigint[]; b: bigint }, f: { a: bigint[]; b: bigint }) =>
  (h.b === f.b && h.a.every((x, k) => x === f.a[k])) || (h.b === -f.b && h.a.every((x, k) => x === -f.a[k]));

describe('the region graph', () => {
  it('a hand-made net: edges with the flipping neuron, exact points and hyperplanes', async () => {
    const g = await regionGraph(three);
    expect(g.nodes).toHaveLength(6);
    expect(g.edges).toHaveLength(6);
    const byPatterns = new Map(g.edges.map((e) => [`${g.nodes[e.source].pattern}-${g.nodes[e.target].pattern}`, e]));
    const e = byPatterns.get('111-101')!;
    expect(e.neurons).toEqual([[0, 1]]);
    expect(str(e.point)).toBe('1/2,0');
    expect(e.hyperplane).toEqual({ a: [0n, -1n], b: 0n });
    expect(g.linearRegions.nodes).toHaveLength(6);
  });

  it('every interior facet is shared by exactly two regions and tiled by the shared pieces; Euler V − E + F = 1 in 2-D', async () => {
    for (const file of ['random-d2-16x16.json', 'random-d3-16x16x16.json']) {
      const network = loadNetwork(join(shared, file));
      const g = await buildRegionGraph(network, file.includes('d3') ? { maxRegions: 400 } : {});
      for (const e of g.edges.slice(0, 600)) expect(containing(g, e.point)).toEqual([e.source, e.target]);
      for (const e of g.edges) expect(e.neurons.length).toBeGreaterThan(0);
      if (network.inputSize === 2) {
        expect(euler(g)).toBe(1);
        expect(tiled(g)).toBe(true);
      }
    }
  });

  it('Euler in 2-D with many lines through one point (degenerate vertices)', async () => {
    const rows = [[1, 0], [0, 1], [1, 1], [1, -1], [1, 2], [2, 1]];
    const g = await buildRegionGraph(net(2, layer(rows, rows.map(() => 0)), layer([[1, -1, 1, -1, 1, -1]], [0])), { domain: box(-1, 1, 2) });
    expect(euler(g)).toBe(1);
    for (const e of g.edges) expect(containing(g, e.point)).toEqual([e.source, e.target]);
  });

  it('the vertex and LP engines give the same graph', async () => {
    const network = loadNetwork(join(shared, 'random-d2-16x16.json'));
    const edges = async (engine: 'vertex' | 'lp') => {
      const g = await regionGraph(network, { engine });
      return new Set(g.edges.map((e) => [g.nodes[e.source].pattern, g.nodes[e.target].pattern].sort().join('~')));
    };
    expect(await edges('lp')).toEqual(await edges('vertex'));
  });

  it('facets that overlap only partly: decided by a certified LP, with a point in both', () => {
    // A = [0,1]^2 x [0,1] above B = [1/2,3/2]^2 x [-1,0]: their facets on z = 0 overlap in [1/2,1]^2
    const cube = (lo: bigint[], hi: bigint[], den: bigint) =>
      polyhedronShape(
        lo.flatMap((l, i) => [
          { a: lo.map((_, k) => (k === i ? den : 0n)), b: hi[i], source: { kind: 'neuron', layer: 0, index: i } },
          { a: lo.map((_, k) => (k === i ? -den : 0n)), b: -l, source: { kind: 'neuron', layer: 0, index: i } },
        ]),
        3,
        { p: lo.map((l, i) => l + hi[i]), q: 2n * den },
      );
    const A = cube([0n, 0n, 0n], [2n, 2n, 2n], 2n);
    const B = cube([1n, 1n, -2n], [3n, 3n, 0n], 2n);
    const stats = newStats();
    const { shared, stats: s } = sharedFacets([A, B], new InteriorDecider(3, denseFloatSimplex, stats));
    expect(s.byLp).toBe(1);
    expect(shared).toHaveLength(1);
    const pt = pointToRationals(shared[0].point);
    expect(toString(pt[2])).toBe('0');
    expect(pt.slice(0, 2).every((x) => x.n * 2n > x.d && x.n < x.d)).toBe(true); // strictly inside (1/2, 1)
    // C = [1,2] x [0,1] x [-1,0] touches A only along an edge: no shared facet, decided by separating facets
    const C = cube([2n, 0n, -2n], [4n, 2n, 0n], 2n);
    const far = sharedFacets([A, C], new InteriorDecider(3, denseFloatSimplex, newStats()));
    expect(far.shared).toHaveLength(0);
    expect(far.stats.bySeparation).toBe(2); // on z = 0 and on x = 1
  });

  it('DOT and GraphML carry both graphs', async () => {
    const g = await buildRegionGraph(three);
    const dot = formatGraph(g, 'dot');
    expect(dot).toContain('graph regions {');
    expect(dot.match(/ -- n/g)).toHaveLength(6);
    expect(dot).toContain('n0 -- n1 [neurons="0:1", point="(1/2, 0)"');
    expect(dot).toContain('graph linear_regions {');
    const xml = formatGraph(g, 'graphml');
    expect(xml.match(/<edge /g)).toHaveLength(12); // 6 shared facets, 6 quotient edges
    expect(xml.match(/<node /g)).toHaveLength(12);
    expect(xml).toContain('<data key="point">(1/2, 0)</data>');
    expect(xml.trim().endsWith('</graphml>')).toBe(true);
  });

  it('the linear-region quotient joins regions with one affine map', async () => {
    // relu(x) + relu(-x) read out with weights 1, 1: |x| ... and relu(y) twice (the same map on both sides of nothing)
    const g = await regionGraph(net(2, layer([[1, 0], [0, 1]], [0, 0]), layer([[1, 0]], [0], 'linear')));
    // the output depends only on x: regions y > 0 and y < 0 merge, x > 0 and x < 0 do not
    expect(g.nodes).toHaveLength(4);
    expect(g.linearRegions.nodes).toHaveLength(2);
    expect(g.linearRegions.edges).toEqual([{ source: 0, target: 1, facets: 2 }]);
  });
});

describe('neuron boundaries', () => {
  it('bent hyperplanes: pieces per neuron with exact segments, active side first', async () => {
    const b = await neuronBoundaries(three);
    const neurons = b.layers[0].neurons;
    expect(neurons.map((u) => u.pieces.length)).toEqual([2, 2, 2]);
    const seg = neurons[2].pieces.map((p) => p.vertices.map(str).sort().join(' to ')).sort();
    expect(seg).toEqual(['-1,1 to 0,0', '0,0 to 1,-1']);
    // the neuron is active where a·x < b
    for (const u of neurons) for (const p of u.pieces) expect(p.regions.length).toBe(2);
    // a second layer bends: relu(relu(x) − relu(y) + relu(−y) − 1/4) = relu(relu(x) − y − 1/4) has a
    // kink where x crosses 0, and its zero set is cut where it crosses y = 0 (another neuron's line)
    const bent = await neuronBoundaries(net(2, layer([[1, 0], [0, 1], [0, -1]], [0, 0, 0]), layer([[1, -1, 1]], ['-1/4'])));
    const pieces = bent.layers[1].neurons[0].pieces.map((p) => p.vertices.map(str).sort().join(' to ')).sort();
    expect(pieces).toEqual(['-1,-1/4 to 0,-1/4', '0,-1/4 to 1/4,0', '1,3/4 to 1/4,0']);
    expect(bent.layers.map((l) => l.layer)).toEqual([0, 1]);
  });
});
