/**
 * The plotting frame: data coordinates (floats, for drawing only) to pixels, "nice" ticks, and
 * the axes with their labels.
 */
import { el, text } from './svg.js';

export interface Frame {
  /** The plot area in pixels. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** The data range shown. */
  xlo: number;
  xhi: number;
  ylo: number;
  yhi: number;
}

export const toPx = (f: Frame, x: number, y: number): [number, number] => [
  f.x + ((x - f.xlo) / (f.xhi - f.xlo)) * f.w,
  f.y + f.h - ((y - f.ylo) / (f.yhi - f.ylo)) * f.h,
];

/**
 * Pixel size of a plot area for data ranges dx × dy inside `avail` (w × h): equal scales on
 * both axes when the ranges are within a factor 3 of each other (a square box stays square);
 * otherwise the inputs are in different units and the area takes all the room there is.
 */
export function fitArea(dx: number, dy: number, availW: number, availH: number): { w: number; h: number } {
  if (!(dx / dy <= 3 && dy / dx <= 3)) return { w: availW, h: availH };
  const aspect = dx / dy;
  const w = Math.min(availW, availH * aspect);
  return { w, h: w / aspect };
}

/** About `count` round tick values covering [lo, hi]: steps of 1, 2 or 5 times a power of ten. */
export function niceTicks(lo: number, hi: number, count = 6): { ticks: number[]; step: number } {
  if (!(hi > lo)) return { ticks: [lo], step: 1 };
  const raw = (hi - lo) / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return { ticks, step };
}

/** A tick label: as many decimals as the step needs, exponent form for very large or small values. */
export function tickLabel(v: number, step: number): string {
  if (v === 0) return '0';
  const e = Math.floor(Math.log10(step) + 1e-9);
  const extra = Math.abs(step / 10 ** e - 2.5) < 1e-6 ? 1 : 0; // steps of 2.5 need one more digit
  const a = Math.abs(v);
  const s = a >= 1e6 || a < 1e-4 ? v.toExponential(Math.max(0, Math.min(8, Math.floor(Math.log10(a)) - e + extra))).replace('e+', 'e') : v.toFixed(Math.max(0, Math.min(10, -e + extra)));
  return s.replace('-', '−');
}

const AXIS = '#333333';

/** Frame outline, ticks with labels, and the axis titles. */
export function drawAxes(f: Frame, xName: string, yName: string): string[] {
  const out: string[] = [];
  const x = niceTicks(f.xlo, f.xhi, Math.max(3, Math.round(f.w / 90)));
  const y = niceTicks(f.ylo, f.yhi, Math.max(3, Math.round(f.h / 70)));
  let ticks = '';
  const labels: string[] = [];
  for (const t of x.ticks) {
    const [px] = toPx(f, t, f.ylo);
    ticks += `M${px.toFixed(2)} ${(f.y + f.h).toFixed(2)}v6`;
    labels.push(text(px, f.y + f.h + 20, tickLabel(t, x.step), { 'text-anchor': 'middle' }));
  }
  for (const t of y.ticks) {
    const [, py] = toPx(f, f.xlo, t);
    ticks += `M${f.x.toFixed(2)} ${py.toFixed(2)}h-6`;
    labels.push(text(f.x - 9, py + 4, tickLabel(t, y.step), { 'text-anchor': 'end' }));
  }
  out.push(el('rect', { x: f.x, y: f.y, width: f.w, height: f.h, fill: 'none', stroke: AXIS, 'stroke-width': 1 }));
  out.push(el('path', { d: ticks, stroke: AXIS, 'stroke-width': 1, fill: 'none' }));
  out.push(el('g', { 'font-size': 12, fill: AXIS }, ...labels));
  const widest = Math.max(...y.ticks.map((t) => tickLabel(t, y.step).length));
  out.push(text(f.x + f.w / 2, f.y + f.h + 42, xName, { 'text-anchor': 'middle', 'font-size': 14, fill: '#111111' }));
  const yx = f.x - 16 - widest * 7;
  out.push(text(yx, f.y + f.h / 2, yName, { 'text-anchor': 'middle', 'font-size': 14, fill: '#111111', transform: `rotate(-90 ${yx.toFixed(2)} ${(f.y + f.h / 2).toFixed(2)})` }));
  return out;
}
