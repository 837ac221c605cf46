/**
 * Legends: a column of items (filled swatches, line styles, point markers, headings, notes),
 * wrapped to the column's width, and a viridis colour bar with ticks.
 */
import { viridis } from './colors.js';
import { niceTicks, tickLabel } from './axes.js';
import { el, text } from './svg.js';

export type LegendItem =
  | { kind: 'heading'; label: string }
  | { kind: 'note'; label: string }
  | { kind: 'swatch'; fill: string; label: string; hatch?: boolean }
  | { kind: 'line'; stroke: string; width: number; dash?: string; halo?: boolean; label: string }
  | { kind: 'marker'; fill: string; label: string; stroke?: string };

const FONT = 12.5;
const LINE = 16;
/** About how many characters of a 12.5 px sans-serif font fit in `px` (a safe estimate). */
const charsIn = (px: number, font = FONT) => Math.max(8, Math.floor(px / (font * 0.58)));

/** Words of `s` in lines of at most `n` characters (a longer word is cut). */
export function wrap(s: string, n: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of s.split(/\s+/).filter((w) => w !== '')) {
    let w = word;
    while (w.length > n) {
      if (line) out.push(line), (line = '');
      out.push(w.slice(0, n - 1) + '…');
      w = '';
    }
    if (w === '') continue;
    if (line === '') line = w;
    else if (line.length + 1 + w.length <= n) line += ' ' + w;
    else out.push(line), (line = w);
  }
  if (line) out.push(line);
  return out;
}

/** The items from (x, y) down, `width` wide; returns the SVG and the height used. */
export function drawLegend(x: number, y: number, width: number, items: LegendItem[]): { svg: string[]; height: number } {
  const out: string[] = [];
  let cy = y;
  for (const item of items) {
    if (item.kind === 'heading' || item.kind === 'note') {
      const heading = item.kind === 'heading';
      if (heading && cy > y) cy += 8;
      for (const line of wrap(item.label, charsIn(width, heading ? 13 : 11.5))) {
        cy += heading ? LINE + 1 : LINE - 2;
        out.push(text(x, cy, line, heading ? { 'font-size': 13, 'font-weight': 'bold', fill: '#111111' } : { 'font-size': 11.5, fill: '#444444' }));
      }
      cy += 4;
      continue;
    }
    const lines = wrap(item.label, charsIn(width - 30));
    const mid = cy + 9;
    if (item.kind === 'swatch') {
      out.push(el('rect', { x, y: cy + 2, width: 20, height: 13, fill: item.fill, stroke: '#555555', 'stroke-width': 0.6 }));
      if (item.hatch) out.push(el('path', { d: `M${x} ${cy + 15}l13 -13M${x + 7} ${cy + 15}l13 -13`, stroke: '#333333', 'stroke-width': 0.8 }));
    } else if (item.kind === 'line') {
      if (item.halo) out.push(el('path', { d: `M${x} ${mid}h22`, stroke: '#ffffff', 'stroke-width': item.width + 2.5, 'stroke-linecap': 'round' }));
      out.push(el('path', { d: `M${x} ${mid}h22`, stroke: item.stroke, 'stroke-width': item.width, 'stroke-dasharray': item.dash, 'stroke-linecap': item.dash ? undefined : 'round' }));
    } else {
      if (item.stroke) out.push(el('circle', { cx: x + 10, cy: mid, r: 4.5, fill: item.fill, stroke: item.stroke, 'stroke-width': 2 }));
      else out.push(el('circle', { cx: x + 10, cy: mid, r: 3.6, fill: item.fill, stroke: '#111111', 'stroke-width': 0.9 }));
    }
    lines.forEach((line, i) => out.push(text(x + 30, cy + 13 + i * (LINE - 1), line, { 'font-size': FONT, fill: '#222222' })));
    cy += Math.max(LINE + 3, lines.length * (LINE - 1) + 5);
  }
  return { svg: out, height: cy - y };
}

/**
 * A vertical viridis bar for values in [lo, hi] (floats, for drawing; the exact extremes are
 * printed by the caller), `label` above it. Returns the SVG and the height used.
 */
export function drawColorBar(x: number, y: number, barHeight: number, lo: number, hi: number, label: string, id: string, width: number): { svg: string[]; height: number } {
  const out: string[] = [];
  let cy = y;
  for (const line of wrap(label, charsIn(width, 13))) {
    cy += LINE + 1;
    out.push(text(x, cy, line, { 'font-size': 13, 'font-weight': 'bold', fill: '#111111' }));
  }
  cy += 10;
  const stops = Array.from({ length: 11 }, (_, i) => el('stop', { offset: `${i * 10}%`, 'stop-color': viridis(1 - i / 10) }));
  out.push(el('linearGradient', { id, x1: 0, y1: 0, x2: 0, y2: 1 }, ...stops));
  out.push(el('rect', { x, y: cy, width: 22, height: barHeight, fill: `url(#${id})`, stroke: '#555555', 'stroke-width': 0.6 }));
  if (hi > lo) {
    const { ticks, step } = niceTicks(lo, hi, 6);
    for (const t of ticks) {
      const py = cy + barHeight - ((t - lo) / (hi - lo)) * barHeight;
      out.push(el('path', { d: `M${x + 22} ${py.toFixed(2)}h5`, stroke: '#333333', 'stroke-width': 1 }));
      out.push(text(x + 31, py + 4, tickLabel(t, step), { 'font-size': 12, fill: '#222222' }));
    }
  } else out.push(text(x + 31, cy + barHeight / 2 + 4, tickLabel(lo, Math.abs(lo) || 1), { 'font-size': 12, fill: '#222222' }));
  return { svg: out, height: cy + barHeight - y };
}
