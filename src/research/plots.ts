/**
 * Study plots: a vega-lite spec compiled and rendered headless in Node (renderer 'none', no
 * canvas), written as SVG, and as PNG through resvg. Files go to NAME.partial first, renamed
 * when complete (as every output of the project).
 */
import { renameSync, writeFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

/** Colour-blind-safe categorical palette (Okabe–Ito). */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];

function writeAtomic(path: string, data: string | Buffer): void {
  writeFileSync(`${path}.partial`, data);
  renameSync(`${path}.partial`, path);
}

/** Renders a vega-lite spec to SVG text. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = vegaLite.compile({ background: 'white', ...spec } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Writes BASE.svg and BASE.png (PNG at 2x for readability); returns the two paths. */
export async function writePlot(spec: TopLevelSpec, base: string): Promise<string[]> {
  const svg = await renderSvg(spec);
  writeAtomic(`${base}.svg`, svg);
  const png = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true } }).render().asPng();
  writeAtomic(`${base}.png`, png);
  return [`${base}.svg`, `${base}.png`];
}
