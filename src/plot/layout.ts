/**
 * The page: a title block on top (the network, then lines on the domain and the counts), the
 * plot area with its axes on the left, a legend column on the right.
 */
import { fitArea, type Frame } from './axes.js';
import { wrap } from './legend.js';
import { text } from './svg.js';

export interface PageText {
  /** The first line (bold): the network file. */
  title: string;
  /** Further lines: domain, pins or slice, counts, colouring. */
  subtitle: string[];
}

export interface PageLayout {
  header: string[];
  /** The plot area (pixels) for the data box; the data range is filled in by the caller. */
  area: { x: number; y: number; w: number; h: number };
  legend: { x: number; y: number; w: number };
}

export const LEGEND_WIDTH = 250;

/** Places the title, a plot area for data ranges dx × dy (0 × 0: all the room there is), and the legend column. */
export function pageLayout(width: number, height: number, page: PageText, dx: number, dy: number): PageLayout {
  const header: string[] = [];
  const chars = Math.floor((width - 32) / 7.2);
  let y = 30;
  for (const line of wrap(page.title, Math.floor((width - 32) / 10))) {
    header.push(text(16, y, line, { 'font-size': 17, 'font-weight': 'bold', fill: '#111111' }));
    y += 21;
  }
  for (const s of page.subtitle) {
    for (const line of wrap(s, chars)) {
      header.push(text(16, y - 2, line, { 'font-size': 12.5, fill: '#333333' }));
      y += 17;
    }
  }
  const top = y + 8;
  const left = 86;
  const right = width - LEGEND_WIDTH - 28;
  const bottom = height - 60;
  const availW = Math.max(80, right - left);
  const availH = Math.max(80, bottom - top);
  const { w, h } = dx > 0 && dy > 0 ? fitArea(dx, dy, availW, availH) : { w: availW, h: availH };
  const x = left + (availW - w) / 2;
  return { header, area: { x, y: top + (availH - h) / 2, w, h }, legend: { x: width - LEGEND_WIDTH - 8, y: top - 14, w: LEGEND_WIDTH - 8 } };
}

export const frameOf = (area: PageLayout['area'], xlo: number, xhi: number, ylo: number, yhi: number): Frame => ({ ...area, xlo, xhi, ylo, yhi });
