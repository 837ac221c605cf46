/**
 * One picture from one partition: the request checked against the network before anything is
 * enumerated, the title block (network, domain, counts, colouring), and the 1-D or 2-D drawing.
 */
import { describeDomain, type Domain } from '../domain/domain.js';
import type { Network } from '../network/network.js';
import { plural, shortExact } from './format.js';
import { drawPartition1d } from './graph-1d.js';
import { checkOutput, type ColorMode } from './options.js';
import type { Partition } from './partition.js';
import { drawPartition2d, type PictureOptions, type PictureStats } from './scene.js';

/** The drawing's options (scene.ts) with the title block still to be made from its parts. */
export interface PictureRequest extends Omit<PictureOptions, 'page'> {
  /** First line of the title (e.g. the network file's name). */
  title: string;
  /** Lines about the domain (what was pinned or sliced); the counts line is added. */
  domainLines: string[];
}

/** Checks output indices and sizes against the network (before the enumeration). */
export function checkRequest(net: Network, req: Pick<PictureRequest, 'color' | 'levels' | 'decisions' | 'width' | 'height'>): void {
  const m = net.layers[net.layers.length - 1].weights.length;
  if (req.color.kind === 'output') checkOutput(req.color.output, m, `--color output:${req.color.output}`);
  for (const l of req.levels) checkOutput(l.output, m, `--level ${l.output}=...`);
  for (const [i, j] of req.decisions) for (const k of [i, j]) checkOutput(k, m, `--decision ${i},${j}`);
}

/** "x0 ∈ [−1, 1], x1 ∈ [0, 2]" for a box, describeDomain otherwise. */
export function domainLine(domain: Domain, names: readonly string[]): string {
  if (domain.kind !== 'box') return describeDomain(domain, names.length);
  return domain.lo.map((lo, i) => `${names[i]} ∈ [${shortExact(lo)}, ${shortExact(domain.hi[i])}]`).join(', ');
}

const MODE_TEXT = (c: ColorMode, outputs: readonly string[]): string =>
  c.kind === 'linear'
    ? 'coloured by linear region'
    : c.kind === 'region'
      ? 'coloured by activation region'
      : c.kind === 'output'
        ? `coloured by ${outputs[c.output]} (exact affine shading per region)`
        : c.kind === 'argmax'
          ? 'coloured by the largest output (predicted class)'
          : 'coloured by the smallest output (e.g. the ACAS Xu advisory)';

export function renderPicture(part: Partition, req: PictureRequest): { svg: string; stats: PictureStats } {
  const s = part.summary;
  const counts =
    `${plural(part.regions.length, 'activation region')}, ${plural(part.linearRegions, 'linear region')}` +
    (s.partial ? ` — PARTIAL: stopped (${s.stopReason}) before the enumeration was complete` : '') +
    ` — ${part.d === 1 ? (req.color.kind === 'output' ? `graph of ${req.outputNames[req.color.output]}` : 'graphs of the outputs') + (req.color.kind === 'output' ? '' : `; ${MODE_TEXT(req.color, req.outputNames).replace('coloured', 'background')}`) : MODE_TEXT(req.color, req.outputNames)}`;
  const o = { ...req, page: { title: req.title, subtitle: [...req.domainLines, counts] } };
  return part.d === 1 ? drawPartition1d(part, o) : drawPartition2d(part, o);
}
