/**
 * The 2-D picture of a partition: region polygons from their exact vertices, coloured by linear
 * region, by activation region, by an output's value or by the predicted class; the edges
 * between regions (thin inside a linear region, thick between linear regions) or each neuron's
 * bent hyperplane coloured by layer; exact level sets and decision boundaries; data points;
 * axes, title and legend. Every choice of what to draw is exact; floats are pixel positions.
 */
import type { IntAffine } from '../enumerate/affine.js';
import { dot, type Point } from '../kernel/intvec.js';
import { rat, ratioToDouble, type Rational } from '../kernel/rational.js';
import { drawAxes, toPx, type Frame } from './axes.js';
import { extremeCells } from './clip.js';
import { categoryColor, greedyColoring, LAYER_COLORS, lighten, REGION_FILLS, viridis } from './colors.js';
import { plural, shortExact } from './format.js';
import { frameOf, pageLayout, type PageText } from './layout.js';
import { drawColorBar, drawLegend, type LegendItem } from './legend.js';
import type { ColorMode, LevelSpec } from './options.js';
import { drawLevelSets, drawPoints, type OverlayStats, type PlotPoints } from './overlays.js';
import type { Partition, PlotEdge, PlotRegion } from './partition.js';
import { el, polygonPath, polylinePath, segmentsPath, svgDocument } from './svg.js';
import { chainSegments } from './chains.js';
import { differenceFunction, polygonZeroSet } from './level-set.js';

export interface PictureOptions {
  color: ColorMode;
  boundaries: boolean;
  levels: LevelSpec[];
  decisions: [number, number][];
  points?: PlotPoints;
  width: number;
  height: number;
  page: PageText;
  /** One name per input of the partition's network (the axes). */
  axisNames: string[];
  outputNames: string[];
}

export interface PictureStats extends OverlayStats {
  regions: number;
  linearRegions: number;
  /** output:K: the exact extremes of f_K over the domain (attained at region vertices). */
  valueRange?: [Rational, Rational];
  /** argmax / argmin: the outputs that are the extreme somewhere (with positive area). */
  classesShown?: number[];
  pointsOutside?: number;
}

export const TIE_FILL = '#c7c7c7';

/** f_k at the vertex p/q of a region with map m, exactly: numerator and denominator (> 0). */
export const valueAt = (m: IntAffine, k: number, pt: Point): [bigint, bigint] => [dot(m.M[k], pt.p) + m.c[k] * pt.q, m.den * pt.q];

/** The exact extremes of f_k over every region's vertices. */
export function outputRange(regions: readonly PlotRegion[], k: number): [Rational, Rational] {
  let lo: [bigint, bigint] | null = null;
  let hi: [bigint, bigint] | null = null;
  for (const r of regions) {
    for (const v of r.vertices) {
      const x = valueAt(r.map, k, v);
      if (lo === null || x[0] * lo[1] < lo[0] * x[1]) lo = x;
      if (hi === null || x[0] * hi[1] > hi[0] * x[1]) hi = x;
    }
  }
  return [rat(lo![0], lo![1]), rat(hi![0], hi![1])];
}

export function drawPartition2d(part: Partition, o: PictureOptions): { svg: string; stats: PictureStats } {
  const xs = part.domainVertices.map((v) => ratioToDouble(v.p[0], v.q));
  const ys = part.domainVertices.map((v) => ratioToDouble(v.p[1], v.q));
  const [xlo, xhi, ylo, yhi] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const layout = pageLayout(o.width, o.height, o.page, xhi - xlo, yhi - ylo);
  const frame: Frame = frameOf(layout.area, xlo, xhi, ylo, yhi);
  const px = (pt: Point): [number, number] => toPx(frame, ratioToDouble(pt.p[0], pt.q), ratioToDouble(pt.p[1], pt.q));
  const stats: PictureStats = { regions: part.regions.length, linearRegions: part.linearRegions, levels: [], decisions: [] };
  const body: string[] = [...layout.header];
  const clip = el('defs', {}, el('clipPath', { id: 'plot-area' }, el('rect', { x: frame.x, y: frame.y, width: frame.w, height: frame.h })));
  const inner: string[] = [];
  const legend: LegendItem[] = [];
  let colorBar: { lo: number; hi: number; label: string } | null = null;
  const classEdges: [Point, Point][] = [];

  // the regions
  const mode = o.color;
  const tooltip = part.regions.length <= 5000;
  const title = (r: PlotRegion) => (tooltip ? el('title', {}, `region ${r.id}, linear region ${r.linearRegion}`) : '');
  if (mode.kind === 'linear' || mode.kind === 'region') {
    const linear = mode.kind === 'linear';
    const colors = linear ? greedyColoring(part.linearRegions, part.linearPairs, 10) : greedyColoring(part.regions.length, part.regionPairs, REGION_FILLS.length);
    for (const r of part.regions) {
      const fill = REGION_FILLS[colors[linear ? r.linearRegion : r.id]];
      inner.push(el('path', { class: 'region', d: polygonPath(r.vertices.map(px)), fill, stroke: fill, 'stroke-width': 0.6 }, title(r)));
    }
    legend.push({ kind: 'heading', label: linear ? plural(part.linearRegions, 'linear region') : plural(part.regions.length, 'activation region') });
    legend.push({ kind: 'note', label: linear ? 'one colour per linear region (a maximal connected union of regions with one affine map); neighbours differ' : 'one colour per activation region; neighbours differ' });
  } else if (mode.kind === 'output') {
    const k = mode.output;
    const [lo, hi] = outputRange(part.regions, k);
    stats.valueRange = [lo, hi];
    const flo = ratioToDouble(lo.n, lo.d);
    const fhi = ratioToDouble(hi.n, hi.d);
    const t = (v: number) => (fhi > flo ? (v - flo) / (fhi - flo) : 0.5);
    part.regions.forEach((r) => {
      const pts = r.vertices.map(px);
      const vals = r.vertices.map((v) => {
        const [n, d] = valueAt(r.map, k, v);
        return ratioToDouble(n, d);
      });
      const fill = gradientFill(r, k, pts, vals, t, frame, inner);
      inner.push(el('path', { class: 'region', d: polygonPath(pts), fill, stroke: fill, 'stroke-width': 0.6 }, title(r)));
    });
    colorBar = { lo: flo, hi: fhi, label: `${o.outputNames[k]} (output ${k})` };
    legend.push({ kind: 'note', label: `exact range over the domain: min ${shortExact(lo)}, max ${shortExact(hi)} (at region vertices)` });
  } else {
    const shown = new Set<number>();
    const byFill = new Map<string, string>();
    let ties = false;
    for (const r of part.regions) {
      const cells = extremeCells(r.vertices, r.map, mode.kind === 'argmax' ? 'max' : 'min');
      // where two cells meet inside the region: {f_g = f_h} on g's cell (f_g is the extreme there)
      for (let a = 0; a < cells.length; a++) {
        for (let b = a + 1; b < cells.length; b++) {
          const z = polygonZeroSet(cells[a].polygon, differenceFunction(r.map, cells[a].classes[0], cells[b].classes[0]));
          if (z.kind === 'segment') classEdges.push(z.ends);
        }
      }
      for (const c of cells) {
        const tie = c.classes.length > 1;
        ties ||= tie;
        if (!tie) shown.add(c.classes[0]);
        const fill = tie ? TIE_FILL : lighten(categoryColor(c.classes[0]), 0.2);
        byFill.set(fill, (byFill.get(fill) ?? '') + polygonPath(c.polygon.map(px)));
      }
    }
    // one path per colour: adjacent cells are filled together, so no seams show between them
    for (const [fill, d] of byFill) inner.push(el('path', { class: 'cells', d, fill, stroke: fill, 'stroke-width': 0.5 }));
    stats.classesShown = [...shown].sort((a, b) => a - b);
    legend.push({ kind: 'heading', label: mode.kind === 'argmax' ? 'Predicted class (largest output)' : 'Decision (smallest output)' });
    o.outputNames.forEach((name, k) => {
      if (shown.has(k)) legend.push({ kind: 'swatch', fill: lighten(categoryColor(k), 0.2), label: `${name}` });
    });
    if (ties) legend.push({ kind: 'swatch', fill: TIE_FILL, label: 'tie: several outputs equal on an open set' });
    if (classEdges.length > 0) legend.push({ kind: 'line', stroke: '#1a1a1a', width: 1.1, label: 'where the extreme output changes (exact)' });
    const never = o.outputNames.filter((_, k) => !shown.has(k));
    if (never.length > 0) legend.push({ kind: 'note', label: `never ${mode.kind === 'argmax' ? 'the largest' : 'the smallest'} in this domain (exactly): ${never.join(', ')}` });
  }

  // edges between regions, or the neurons' bent hyperplanes
  const seg = (e: { ends: [Point, Point] }) => [px(e.ends[0]), px(e.ends[1])] as const;
  const onColor = mode.kind === 'output' ? '#ffffff' : '#000000';
  if (o.boundaries) {
    legend.push({ kind: 'heading', label: 'Neuron boundaries (bent hyperplanes)' });
    part.layers.forEach((layer, g) => {
      const color = LAYER_COLORS[g % LAYER_COLORS.length];
      const mine = part.pieces.filter((p) => p.neuron[0] === layer);
      const neurons = new Set(mine.map((p) => p.neuron[1])).size;
      const solid = mine.filter((p) => p.linear).map(seg);
      const dashed = mine.filter((p) => !p.linear).map(seg);
      if (dashed.length > 0) inner.push(el('path', { class: 'boundary', d: segmentsPath(dashed), fill: 'none', stroke: color, 'stroke-width': 1.1, 'stroke-dasharray': '4 3' }));
      if (solid.length > 0) inner.push(el('path', { class: 'boundary', d: segmentsPath(solid), fill: 'none', stroke: color, 'stroke-width': 1.6, 'stroke-linecap': 'round' }));
      legend.push({ kind: 'line', stroke: color, width: 1.6, label: `layer ${layer}: ${mine.length} pieces of ${neurons} neurons` });
    });
    const same = part.pieces.filter((p) => !p.linear).length;
    legend.push({
      kind: 'note',
      label: same === 0 ? 'every piece separates two different affine maps' : `solid: the map changes across it; dashed (${same} pieces): the same affine map on both sides`,
    });
  } else if (part.edges.length > 0) {
    // edges only where they can be seen (pixel areas, floats: they decide only what is drawn):
    // none in a picture whose regions average under 40 px² (150 px² for the shaded colourings),
    // only those between linear regions under 150 px² (400 px²), and none next to a region
    // under 4 px² (a dense cluster would turn black); the legend says so
    const pxArea = part.regions.map((r) => pixelArea(r.vertices.map(px)));
    const average = (frame.w * frame.h) / part.regions.length;
    const faint = mode.kind === 'argmax' || mode.kind === 'argmin' || mode.kind === 'output';
    const [minThin, minThick] = faint ? [400, 150] : [150, 40];
    const showThin = average >= (mode.kind === 'region' ? minThick : minThin);
    const showThick = average >= minThick;
    const visible = (e: PlotEdge) => pxArea[e.regions[0]] >= 4 && pxArea[e.regions[1]] >= 4;
    const thin = showThin ? part.edges.filter((e) => (!e.linear || mode.kind === 'region') && visible(e)).map(seg) : [];
    const thick = showThick && mode.kind !== 'region' ? part.edges.filter((e) => e.linear && visible(e)).map(seg) : [];
    const tiny = pxArea.filter((a) => a < 4).length;
    if (thin.length > 0) inner.push(el('path', { class: 'edges', d: segmentsPath(thin), fill: 'none', stroke: onColor, 'stroke-opacity': faint ? 0.16 : 0.3, 'stroke-width': 0.6 }));
    if (thick.length > 0) inner.push(el('path', { class: 'edges', d: segmentsPath(thick), fill: 'none', stroke: faint ? onColor : '#222222', 'stroke-opacity': faint ? 0.35 : 1, 'stroke-width': faint ? 0.8 : 1.5, 'stroke-linecap': 'round' }));
    legend.push({ kind: 'heading', label: 'Edges' });
    if (thick.length > 0) legend.push({ kind: 'line', stroke: faint ? '#777777' : '#222222', width: faint ? 0.8 : 1.5, label: 'between linear regions' });
    if (thin.length > 0) legend.push({ kind: 'line', stroke: '#999999', width: 0.6, label: mode.kind === 'region' ? 'between activation regions' : 'between activation regions of one linear region' });
    const size = `${part.regions.length} regions of about ${Math.max(1, Math.round(average))} px² each`;
    if (!showThick) legend.push({ kind: 'note', label: `no edges drawn: ${size}` });
    else if (!showThin && mode.kind !== 'region' && part.edges.some((e) => !e.linear)) legend.push({ kind: 'note', label: `only edges between linear regions drawn: ${size}` });
    if (tiny > 0 && (thin.length > 0 || thick.length > 0)) legend.push({ kind: 'note', label: `no edges next to the ${tiny} regions under 4 px² on the page` });
  }
  if (classEdges.length > 0) {
    const d = chainSegments(classEdges).map((c) => polylinePath(c.map(px))).join('');
    inner.push(el('path', { class: 'class-boundary', d, fill: 'none', stroke: '#1a1a1a', 'stroke-width': 1.1, 'stroke-linejoin': 'round' }));
  }

  // level sets, decision boundaries, data
  const over = drawLevelSets(part.regions, o.levels, o.decisions, o.outputNames, px);
  inner.push(...over.svg);
  stats.levels = over.stats.levels;
  stats.decisions = over.stats.decisions;
  const heading = o.decisions.length === 0 ? 'Exact level sets' : o.levels.length === 0 ? 'Exact decision boundaries' : 'Exact level sets and decision boundaries';
  if (over.legend.length > 0) legend.push({ kind: 'heading', label: `${heading} (one segment per region)` }, ...over.legend);
  if (o.points) {
    const inside = (x: number, y: number) => x >= xlo && x <= xhi && y >= ylo && y <= yhi;
    const pts = drawPoints(o.points, (x, y) => toPx(frame, x, y), inside);
    inner.push(...pts.svg);
    legend.push(...pts.legend);
    stats.pointsOutside = pts.outside;
  }

  body.push(clip, el('g', { 'clip-path': 'url(#plot-area)' }, ...inner));
  body.push(el('path', { d: polygonPath(part.domainVertices.map(px)), fill: 'none', stroke: '#222222', 'stroke-width': 1.2 }));
  body.push(...drawAxes(frame, o.axisNames[0], o.axisNames[1]));
  let ly = layout.legend.y;
  if (colorBar) {
    const bar = drawColorBar(layout.legend.x, ly, Math.min(260, frame.h * 0.5), colorBar.lo, colorBar.hi, colorBar.label, 'colorbar', layout.legend.w);
    body.push(...bar.svg);
    ly += bar.height + 8;
  }
  body.push(...drawLegend(layout.legend.x, ly, layout.legend.w, legend).svg);
  return { svg: svgDocument(o.width, o.height, [], body, [o.page.title, ...o.page.subtitle].join(' — ')), stats };
}

/** The area of a polygon in square pixels (shoelace, floats: only to decide what is visible). */
function pixelArea(pts: [number, number][]): number {
  let a = 0;
  for (let i = 0; i < pts.length; i++) {
    const [x0, y0] = pts[i];
    const [x1, y1] = pts[(i + 1) % pts.length];
    a += x0 * y1 - x1 * y0;
  }
  return Math.abs(a) / 2;
}

/**
 * f_k is affine on the region, so its colour is a linear gradient along f_k's gradient (in
 * pixels), from the region's smallest to its largest vertex value, with viridis stops spaced
 * finely enough that the piecewise-linear colour follows the colour map. Returns the fill.
 */
function gradientFill(r: PlotRegion, k: number, pts: [number, number][], vals: number[], t: (v: number) => number, f: Frame, out: string[]): string {
  const row = r.map.M[k];
  const lo = Math.min(...vals);
  const hi = Math.max(...vals);
  if (row.every((v) => v === 0n) || !(hi > lo)) return viridis(t((lo + hi) / 2));
  // d f / d pixel: x grows right, y grows up (pixels grow down)
  const gx = ratioToDouble(row[0], r.map.den) / (f.w / (f.xhi - f.xlo));
  const gy = -ratioToDouble(row[1], r.map.den) / (f.h / (f.yhi - f.ylo));
  const g2 = gx * gx + gy * gy;
  if (!(g2 > 0) || !Number.isFinite(g2)) return viridis(t((lo + hi) / 2));
  const a = pts[vals.indexOf(lo)];
  const s = (hi - lo) / g2;
  const b: [number, number] = [a[0] + gx * s, a[1] + gy * s];
  const span = Math.abs(t(hi) - t(lo));
  const n = Math.max(1, Math.min(10, Math.ceil(span * 10)));
  const stops = Array.from({ length: n + 1 }, (_, i) => el('stop', { offset: (i / n).toFixed(3), 'stop-color': viridis(t(lo + ((hi - lo) * i) / n)) }));
  const id = `f${r.id}`;
  out.push(el('linearGradient', { id, gradientUnits: 'userSpaceOnUse', x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, ...stops));
  return `url(#${id})`;
}
