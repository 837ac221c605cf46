/**
 * The 1-D picture: the graph of the function, y = f_k(x), drawn exactly per region as a line
 * segment between the region's ends (the breakpoints are the exact region ends; the values
 * there are exact rationals, turned into pixels last). Behind it, bands per linear region,
 * activation region or predicted class; vertical lines at the breakpoints (coloured by the
 * flipping neuron's layer with --boundaries); level sets as exact points on the graph.
 */
import type { Point } from '../kernel/intvec.js';
import { ratioToDouble, toString } from '../kernel/rational.js';
import { plural, shortExact } from './format.js';
import { drawAxes, toPx, type Frame } from './axes.js';
import { extremeIntervals } from './clip.js';
import { categoryColor, greedyColoring, LAYER_COLORS, lighten, REGION_FILLS } from './colors.js';
import { frameOf, pageLayout } from './layout.js';
import { drawLegend, type LegendItem } from './legend.js';
import { differenceFunction, intervalZeroSet, levelFunction, type Affine, type ZeroSet } from './level-set.js';
import { drawPoints } from './overlays.js';
import type { Partition, PlotRegion } from './partition.js';
import { outputRange, TIE_FILL, valueAt, type PictureOptions, type PictureStats } from './scene.js';
import { el, segmentsPath, svgDocument } from './svg.js';

const f64 = (pt: Point) => ratioToDouble(pt.p[0], pt.q);

export function drawPartition1d(part: Partition, o: PictureOptions): { svg: string; stats: PictureStats } {
  const mode = o.color;
  const outputs = mode.kind === 'output' ? [mode.output] : Array.from({ length: part.outputs }, (_, k) => k);
  const xs = part.domainVertices.map(f64);
  const [xlo, xhi] = [Math.min(...xs), Math.max(...xs)];
  const ranges = outputs.map((k) => outputRange(part.regions, k));
  const stats: PictureStats = { regions: part.regions.length, linearRegions: part.linearRegions, levels: [], decisions: [] };
  if (mode.kind === 'output') stats.valueRange = ranges[0];
  const vals = ranges.flat().map((r) => ratioToDouble(r.n, r.d));
  let [ylo, yhi] = [Math.min(...vals), Math.max(...vals)];
  if (!(yhi > ylo)) [ylo, yhi] = [ylo - 1, yhi + 1];
  const pad = (yhi - ylo) * 0.06;
  [ylo, yhi] = [ylo - pad, yhi + pad];
  const layout = pageLayout(o.width, o.height, o.page, 0, 0);
  const frame: Frame = frameOf(layout.area, xlo, xhi, ylo, yhi);
  const X = (pt: Point) => toPx(frame, f64(pt), ylo)[0];
  /** (x, f_k(x)) in pixels, f_k(x) exact on the closed region r. */
  const P = (r: PlotRegion, pt: Point, k: number): [number, number] => {
    const [n, d] = valueAt(r.map, k, pt);
    return toPx(frame, f64(pt), ratioToDouble(n, d));
  };
  const inner: string[] = [];
  const legend: LegendItem[] = [];
  const band = (a: Point, b: Point, fill: string, extra: string[] = []) => el('rect', { x: X(a), y: frame.y, width: Math.max(0, X(b) - X(a)), height: frame.h, fill, stroke: fill, 'stroke-width': 0.5 }, ...extra);

  // bands
  if (mode.kind === 'linear' || mode.kind === 'region') {
    const linear = mode.kind === 'linear';
    const colors = linear ? greedyColoring(part.linearRegions, part.linearPairs, 10) : greedyColoring(part.regions.length, part.regionPairs, 10);
    for (const r of part.regions) inner.push(band(r.vertices[0], r.vertices[1], lighten(REGION_FILLS[colors[linear ? r.linearRegion : r.id]], 0.45), [el('title', {}, `region ${r.id}, linear region ${r.linearRegion}`)]));
    legend.push({ kind: 'heading', label: linear ? plural(part.linearRegions, 'linear region') : plural(part.regions.length, 'activation region') }, { kind: 'note', label: 'background: one colour per ' + (linear ? 'linear region' : 'activation region') });
  } else if (mode.kind === 'argmax' || mode.kind === 'argmin') {
    const shown = new Set<number>();
    for (const r of part.regions) {
      for (const c of extremeIntervals(r.vertices[0], r.vertices[1], r.map, mode.kind === 'argmax' ? 'max' : 'min')) {
        if (c.classes.length === 1) shown.add(c.classes[0]);
        inner.push(band(c.ends[0], c.ends[1], c.classes.length > 1 ? TIE_FILL : lighten(categoryColor(c.classes[0]), 0.6)));
      }
    }
    stats.classesShown = [...shown].sort((a, b) => a - b);
    legend.push({ kind: 'heading', label: mode.kind === 'argmax' ? 'Background: largest output' : 'Background: smallest output' });
    for (const k of stats.classesShown) legend.push({ kind: 'swatch', fill: lighten(categoryColor(k), 0.6), label: o.outputNames[k] });
  }

  // breakpoints
  const vline = (pt: Point) => [[X(pt), frame.y], [X(pt), frame.y + frame.h]] as const;
  if (o.boundaries) {
    legend.push({ kind: 'heading', label: 'Breakpoints by neuron layer' });
    part.layers.forEach((layer, g) => {
      const mine = part.pieces.filter((p) => p.neuron[0] === layer);
      if (mine.length === 0) return;
      const color = LAYER_COLORS[g % LAYER_COLORS.length];
      inner.push(el('path', { class: 'boundary', d: segmentsPath(mine.map((p) => vline(p.ends[0]))), stroke: color, 'stroke-width': 1.2, 'stroke-dasharray': '5 3' }));
      legend.push({ kind: 'line', stroke: color, width: 1.2, dash: '5 3', label: `layer ${layer}: ${mine.length} points of ${new Set(mine.map((p) => p.neuron[1])).size} neurons` });
    });
  } else {
    const thin = part.edges.filter((e) => !e.linear).map((e) => vline(e.ends[0]));
    const thick = part.edges.filter((e) => e.linear).map((e) => vline(e.ends[0]));
    if (thin.length > 0) inner.push(el('path', { class: 'edges', d: segmentsPath(thin), stroke: '#000000', 'stroke-opacity': 0.25, 'stroke-width': 0.7, 'stroke-dasharray': '2 3' }));
    if (thick.length > 0) inner.push(el('path', { class: 'edges', d: segmentsPath(thick), stroke: '#000000', 'stroke-opacity': 0.45, 'stroke-width': 0.9 }));
  }

  // the graphs: one exact segment per region
  legend.push({ kind: 'heading', label: 'Graph of the network (exact breakpoints)' });
  for (const k of outputs) {
    const color = outputs.length === 1 ? '#222222' : categoryColor(k);
    const segs = part.regions.map((r) => [P(r, r.vertices[0], k), P(r, r.vertices[1], k)] as const);
    inner.push(el('path', { class: 'graph', d: segmentsPath(segs), fill: 'none', stroke: color, 'stroke-width': 2, 'stroke-linecap': 'round' }));
    const dots = part.edges.map((e) => P(part.regions[e.regions[0]], e.ends[0], k));
    if (dots.length <= 400) inner.push(el('path', { d: dots.map(([x, y]) => `M${(x - 2.2).toFixed(2)} ${y.toFixed(2)}a2.2 2.2 0 1 0 4.4 0a2.2 2.2 0 1 0 -4.4 0Z`).join(''), fill: color }));
    legend.push({ kind: 'line', stroke: color, width: 2, label: `${o.outputNames[k]} (output ${k})` });
  }

  // level sets {f_K = C} and {f_I = f_J}: exact points on the graph (whole intervals thick)
  const marks = (zs: { r: PlotRegion; z: ZeroSet }[], k: number, color: string) => {
    const pts = zs.flatMap(({ r, z }) => (z.kind === 'point' ? [P(r, z.at, k)] : []));
    const whole = zs.filter(({ z }) => z.kind === 'all').map(({ r }) => [P(r, r.vertices[0], k), P(r, r.vertices[1], k)] as const);
    if (whole.length > 0) inner.push(el('path', { d: segmentsPath(whole), stroke: color, 'stroke-width': 5, 'stroke-opacity': 0.5 }));
    inner.push(el('path', { class: 'level-set', d: pts.map(([x, y]) => `M${(x - 4.5).toFixed(2)} ${y.toFixed(2)}a4.5 4.5 0 1 0 9 0a4.5 4.5 0 1 0 -9 0Z`).join(''), fill: '#ffffff', stroke: color, 'stroke-width': 2 }));
    return { points: pts.length, whole: whole.length };
  };
  const zeroSets = (h: (r: PlotRegion) => Affine) => part.regions.map((r) => ({ r, z: intervalZeroSet(r.vertices[0], r.vertices[1], h(r)) }));
  o.levels.forEach((spec) => {
    const [, y] = toPx(frame, xlo, ratioToDouble(spec.value.n, spec.value.d));
    if (y >= frame.y && y <= frame.y + frame.h) inner.push(el('path', { d: `M${frame.x} ${y.toFixed(2)}h${frame.w.toFixed(2)}`, stroke: '#555555', 'stroke-width': 1, 'stroke-dasharray': '6 4' }));
    const m = marks(zeroSets((r) => levelFunction(r.map, spec.output, spec.value)), spec.output, '#111111');
    stats.levels.push({ spec: `${spec.output}=${toString(spec.value)}`, segments: m.points, wholeRegions: m.whole });
    legend.push({ kind: 'marker', fill: '#ffffff', stroke: '#111111', label: `${o.outputNames[spec.output]} = ${shortExact(spec.value)}: ${plural(m.points, 'exact point')}${m.whole ? `, ${plural(m.whole, 'whole region')}` : ''}` });
  });
  o.decisions.forEach(([a, b], i) => {
    const color = ['#C0157A', '#B35806', '#1B7837'][i % 3];
    const m = marks(zeroSets((r) => differenceFunction(r.map, a, b)), a, color);
    stats.decisions.push({ spec: `${a},${b}`, segments: m.points, wholeRegions: m.whole });
    legend.push({ kind: 'marker', fill: '#ffffff', stroke: color, label: `${o.outputNames[a]} = ${o.outputNames[b]}: ${plural(m.points, 'exact point')}${m.whole ? `, ${plural(m.whole, 'whole region')}` : ''}` });
  });
  if (o.points) {
    const p = drawPoints(o.points, (x, y) => toPx(frame, x, y), (x, y) => x >= xlo && x <= xhi && y >= ylo && y <= yhi);
    inner.push(...p.svg);
    legend.push(...p.legend);
    stats.pointsOutside = p.outside;
  }

  const body = [...layout.header];
  body.push(el('defs', {}, el('clipPath', { id: 'plot-area' }, el('rect', { x: frame.x, y: frame.y, width: frame.w, height: frame.h }))));
  body.push(el('g', { 'clip-path': 'url(#plot-area)' }, ...inner));
  body.push(...drawAxes(frame, o.axisNames[0], outputs.length === 1 ? o.outputNames[outputs[0]] : 'output'));
  body.push(...drawLegend(layout.legend.x, layout.legend.y, layout.legend.w, legend).svg);
  return { svg: svgDocument(o.width, o.height, [], body, [o.page.title, ...o.page.subtitle].join(' — ')), stats };
}
