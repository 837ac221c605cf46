/**
 * The region graph as text: JSON (exact rationals as "p/q"), Graphviz DOT, or GraphML.
 * DOT and GraphML carry the same attributes as strings; both files also hold the quotient graph
 * of linear regions (DOT: a second graph in the file, and the activation regions of one linear
 * region drawn in one cluster; GraphML: a second <graph>).
 */
import { domainToJson, describeDomain } from '../domain/domain.js';
import { pointToRationals, type Point } from '../kernel/intvec.js';
import { toString } from '../kernel/rational.js';
import { sourceToJson, type Source } from '../enumerate/region.js';
import type { RegionGraph } from './graph.js';

export type GraphFormat = 'json' | 'dot' | 'graphml';
export const GRAPH_FORMATS: readonly GraphFormat[] = ['json', 'dot', 'graphml'];

const point = (pt: Point): string[] => pointToRationals(pt).map(toString);
const pointText = (pt: Point): string => `(${point(pt).join(', ')})`;
const neuronsText = (ns: [number, number][]): string => ns.map(([l, i]) => `${l}:${i}`).join(' ');

/** Counts, for summaries. */
export function graphCounts(g: RegionGraph) {
  return {
    regions: g.nodes.length,
    edges: g.edges.length,
    boundaryFacets: g.boundaryFacets,
    linearRegions: g.linear.nodes.length,
    linearEdges: g.linear.edges.length,
  };
}

export function graphJson(g: RegionGraph): unknown {
  return {
    inputSize: g.inputSize,
    domain: domainToJson(g.domain),
    domainText: describeDomain(g.domain, g.inputSize),
    counts: graphCounts(g),
    nodes: g.nodes.map((n) => ({
      id: n.id,
      pattern: n.pattern,
      witness: point(n.witness),
      linearRegion: n.linearRegion,
      boundary: n.boundary.map(sourceToJson),
    })),
    edges: g.edges.map((e) => ({
      source: e.source,
      target: e.target,
      neurons: e.neurons,
      point: point(e.point),
      hyperplane: { a: e.hyperplane.a.map(String), b: String(e.hyperplane.b) },
    })),
    linearRegions: g.linear,
    partial: g.summary.partial,
    ...(g.summary.stopReason ? { stopReason: g.summary.stopReason } : {}),
  };
}

const dotString = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function graphDot(g: RegionGraph): string {
  const out: string[] = [];
  const counts = graphCounts(g);
  out.push(`// relu-regions graph: ${describeDomain(g.domain, g.inputSize)}, ${counts.regions} activation regions, ${counts.edges} shared facets, ${counts.linearRegions} linear regions${g.summary.partial ? ' (PARTIAL)' : ''}`);
  out.push('graph regions {', '  node [shape=circle, fontsize=8];');
  const byLinear = new Map<number, number[]>();
  for (const n of g.nodes) {
    const attrs = `label=${dotString(String(n.id))}, pattern=${dotString(n.pattern)}, witness=${dotString(pointText(n.witness))}, linear_region=${n.linearRegion}, boundary=${dotString(n.boundary.map(sourceText).join(' '))}, tooltip=${dotString(n.pattern)}`;
    out.push(`  n${n.id} [${attrs}];`);
    const list = byLinear.get(n.linearRegion);
    if (list) list.push(n.id);
    else byLinear.set(n.linearRegion, [n.id]);
  }
  for (const [id, members] of byLinear) {
    if (members.length > 1) out.push(`  subgraph cluster_linear_${id} { label=${dotString(`linear region ${id}`)}; ${members.map((m) => `n${m};`).join(' ')} }`);
  }
  for (const e of g.edges) {
    out.push(`  n${e.source} -- n${e.target} [neurons=${dotString(neuronsText(e.neurons))}, point=${dotString(pointText(e.point))}, tooltip=${dotString(neuronsText(e.neurons))}];`);
  }
  out.push('}', 'graph linear_regions {', '  node [shape=box, fontsize=8];');
  for (const n of g.linear.nodes) out.push(`  l${n.id} [label=${dotString(String(n.id))}, regions=${dotString(n.regions.join(' '))}];`);
  for (const e of g.linear.edges) out.push(`  l${e.source} -- l${e.target} [facets=${e.facets}];`);
  out.push('}');
  return out.join('\n') + '\n';
}

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function graphGraphml(g: RegionGraph): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    '  <key id="pattern" for="node" attr.name="pattern" attr.type="string"/>',
    '  <key id="witness" for="node" attr.name="witness" attr.type="string"/>',
    '  <key id="linearRegion" for="node" attr.name="linearRegion" attr.type="int"/>',
    '  <key id="boundary" for="node" attr.name="boundary" attr.type="string"/>',
    '  <key id="regions" for="node" attr.name="regions" attr.type="string"/>',
    '  <key id="neurons" for="edge" attr.name="neurons" attr.type="string"/>',
    '  <key id="point" for="edge" attr.name="point" attr.type="string"/>',
    '  <key id="facets" for="edge" attr.name="facets" attr.type="int"/>',
    `  <graph id="regions" edgedefault="undirected">`,
    `    <desc>${xml(`${describeDomain(g.domain, g.inputSize)}${g.summary.partial ? ' (PARTIAL)' : ''}`)}</desc>`,
  ];
  const data = (key: string, value: string | number) => `<data key="${key}">${xml(String(value))}</data>`;
  for (const n of g.nodes) {
    out.push(`    <node id="n${n.id}">${data('pattern', n.pattern)}${data('witness', pointText(n.witness))}${data('linearRegion', n.linearRegion)}${data('boundary', n.boundary.map(sourceText).join(' '))}</node>`);
  }
  g.edges.forEach((e, k) => {
    out.push(`    <edge id="e${k}" source="n${e.source}" target="n${e.target}">${data('neurons', neuronsText(e.neurons))}${data('point', pointText(e.point))}</edge>`);
  });
  out.push('  </graph>', '  <graph id="linear_regions" edgedefault="undirected">');
  for (const n of g.linear.nodes) out.push(`    <node id="l${n.id}">${data('regions', n.regions.join(' '))}</node>`);
  g.linear.edges.forEach((e, k) => out.push(`    <edge id="le${k}" source="l${e.source}" target="l${e.target}">${data('facets', e.facets)}</edge>`));
  out.push('  </graph>', '</graphml>');
  return out.join('\n') + '\n';
}

function sourceText(s: Source): string {
  if (s.kind === 'neuron') return `neuron:${s.layer}:${s.index}`;
  return s.face.kind === 'row' ? `row:${s.face.index}` : `${s.face.kind}:${s.face.input}`;
}

export function formatGraph(g: RegionGraph, format: GraphFormat): string {
  if (format === 'json') return JSON.stringify(graphJson(g)) + '\n';
  return format === 'dot' ? graphDot(g) : graphGraphml(g);
}
