/**
 * What is drawn over the regions of a 2-D picture: exact level sets {f_K = C} and decision
 * boundaries {f_I = f_J} (one exact segment per region, level-set.ts, joined into polylines),
 * and data points. Regions on which the set is the whole region (f_K ≡ C there) are hatched.
 */
import { basename } from 'node:path';
import type { Point } from '../kernel/intvec.js';
import { ratioToDouble, toString } from '../kernel/rational.js';
import { categoryColor } from './colors.js';
import { chainSegments } from './chains.js';
import { shortExact } from './format.js';
import type { LegendItem } from './legend.js';
import { differenceFunction, levelFunction, polygonZeroSet, type Affine } from './level-set.js';
import type { LevelSpec } from './options.js';
import type { PlotRegion } from './partition.js';
import { el, polygonPath, polylinePath } from './svg.js';

export type ToPx = (pt: Point) => [number, number];

/** Exact segments of {h_r = 0} over the regions, and the regions where h_r ≡ 0. */
export interface ExactZeroSet {
  segments: [Point, Point][];
  whole: number[];
}

export function zeroSetOverRegions(regions: readonly PlotRegion[], h: (r: PlotRegion) => Affine): ExactZeroSet {
  const segments: [Point, Point][] = [];
  const whole: number[] = [];
  for (const r of regions) {
    const z = polygonZeroSet(r.vertices, h(r));
    if (z.kind === 'segment') segments.push(z.ends);
    else if (z.kind === 'all') whole.push(r.id);
  }
  return { segments, whole };
}

export const levelSet = (regions: readonly PlotRegion[], spec: LevelSpec): ExactZeroSet => zeroSetOverRegions(regions, (r) => levelFunction(r.map, spec.output, spec.value));
export const decisionSet = (regions: readonly PlotRegion[], [i, j]: [number, number]): ExactZeroSet => zeroSetOverRegions(regions, (r) => differenceFunction(r.map, i, j));

const LEVEL_COLORS = ['#111111', '#5E3C99', '#8C510A', '#01665E'];
const DECISION_COLORS = ['#C0157A', '#B35806', '#1B7837', '#2166AC'];

/** One overlay: its polylines over a white halo, hatched whole regions; a legend line. */
function drawZeroSet(z: ExactZeroSet, regions: readonly PlotRegion[], px: ToPx, color: string, dash: string | undefined, label: string, id: string): { svg: string[]; legend: LegendItem[] } {
  const lines = chainSegments(z.segments).map((chain) => polylinePath(chain.map(px)));
  const d = lines.join('');
  const svg: string[] = [];
  if (z.whole.length > 0) {
    svg.push(el('defs', {}, el('pattern', { id, width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, el('path', { d: 'M0 0v8', stroke: color, 'stroke-width': 1.2, 'stroke-opacity': 0.55 }))));
    svg.push(el('path', { d: z.whole.map((i) => polygonPath(regions[i].vertices.map(px))).join(''), fill: `url(#${id})`, stroke: 'none' }));
  }
  if (d !== '') {
    svg.push(el('path', { d, fill: 'none', stroke: '#ffffff', 'stroke-width': 4.2, 'stroke-linejoin': 'round', 'stroke-linecap': 'round', 'stroke-opacity': 0.85 }));
    svg.push(el('path', { class: 'level-set', d, fill: 'none', stroke: color, 'stroke-width': 2, 'stroke-dasharray': dash, 'stroke-linejoin': 'round', 'stroke-linecap': dash ? 'butt' : 'round' }));
  }
  const count = `${z.segments.length} segment${z.segments.length === 1 ? '' : 's'}${z.whole.length > 0 ? `, ${z.whole.length} whole region${z.whole.length === 1 ? '' : 's'} (hatched)` : ''}`;
  const legend: LegendItem[] = [{ kind: 'line', stroke: color, width: 2, dash, halo: true, label: `${label} (${count})` }];
  if (z.segments.length === 0 && z.whole.length === 0) legend.push({ kind: 'note', label: 'not reached in this domain' });
  return { svg, legend };
}

export interface OverlayStats {
  levels: { spec: string; segments: number; wholeRegions: number }[];
  decisions: { spec: string; segments: number; wholeRegions: number }[];
}

export function drawLevelSets(
  regions: readonly PlotRegion[],
  levels: readonly LevelSpec[],
  decisions: readonly [number, number][],
  outputNames: readonly string[],
  px: ToPx,
): { svg: string[]; legend: LegendItem[]; stats: OverlayStats } {
  const svg: string[] = [];
  const legend: LegendItem[] = [];
  const stats: OverlayStats = { levels: [], decisions: [] };
  levels.forEach((spec, i) => {
    const z = levelSet(regions, spec);
    const v = toString(spec.value);
    const o = drawZeroSet(z, regions, px, LEVEL_COLORS[i % LEVEL_COLORS.length], i < LEVEL_COLORS.length ? undefined : '6 3', `${outputNames[spec.output]} = ${shortExact(spec.value)}`, `level-hatch-${i}`);
    svg.push(...o.svg);
    legend.push(...o.legend);
    stats.levels.push({ spec: `${spec.output}=${v}`, segments: z.segments.length, wholeRegions: z.whole.length });
  });
  decisions.forEach((pair, i) => {
    const z = decisionSet(regions, pair);
    const o = drawZeroSet(z, regions, px, DECISION_COLORS[i % DECISION_COLORS.length], '7 3', `${outputNames[pair[0]]} = ${outputNames[pair[1]]}`, `decision-hatch-${i}`);
    svg.push(...o.svg);
    legend.push(...o.legend);
    stats.decisions.push({ spec: `${pair[0]},${pair[1]}`, segments: z.segments.length, wholeRegions: z.whole.length });
  });
  return { svg, legend, stats };
}

/** Data points (floats: they are data, drawn, never decided on). */
export interface PlotPoints {
  x: number[];
  y: number[];
  /** A category per point (coloured), with the column's name. */
  labels?: string[];
  labelName?: string;
  /** Rows skipped (missing or non-numeric values). */
  skipped: number;
  source: string;
}

/** Points inside the frame as circles; returns how many were outside. */
export function drawPoints(pts: PlotPoints, toPx: (x: number, y: number) => [number, number], inside: (x: number, y: number) => boolean): { svg: string[]; legend: LegendItem[]; outside: number } {
  const cats = pts.labels ? [...new Set(pts.labels)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })) : [];
  const byCat = new Map<string, string[]>();
  let outside = 0;
  pts.x.forEach((x, i) => {
    const y = pts.y[i];
    if (!inside(x, y)) return void outside++;
    const [px, py] = toPx(x, y);
    const cat = pts.labels?.[i] ?? '';
    const list = byCat.get(cat) ?? [];
    list.push(`M${(px - 3.4).toFixed(2)} ${py.toFixed(2)}a3.4 3.4 0 1 0 6.8 0a3.4 3.4 0 1 0 -6.8 0Z`);
    byCat.set(cat, list);
  });
  const fill = (cat: string) => (pts.labels ? categoryColor(cats.indexOf(cat)) : '#ffffff');
  const svg = [...byCat].map(([cat, d]) => el('path', { class: 'data-points', d: d.join(''), fill: fill(cat), stroke: '#111111', 'stroke-width': 0.9 }));
  const shown = pts.x.length - outside;
  const legend: LegendItem[] = [{ kind: 'heading', label: `Data: ${basename(pts.source)}` }];
  if (pts.labels) cats.forEach((cat) => legend.push({ kind: 'marker', fill: fill(cat), label: `${pts.labelName} = ${cat}` }));
  else legend.push({ kind: 'marker', fill: '#ffffff', label: 'data point' });
  legend.push({ kind: 'note', label: `${shown} shown${outside > 0 ? `, ${outside} outside the picture` : ''}${pts.skipped > 0 ? `, ${pts.skipped} rows skipped (missing values)` : ''}` });
  return { svg, legend, outside };
}

/** A point as floats, for drawing. */
export const pointFloats = (pt: Point): number[] => pt.p.map((v) => ratioToDouble(v, pt.q));
