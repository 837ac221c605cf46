/**
 * The library's pictures: `plotSvg(network, options)` and `plotPng(network, options)` draw the
 * exact partition of a network with one or two inputs over a bounded domain (use pinNetwork or
 * sliceNetwork first for more inputs). The same drawing as `relu-regions plot`.
 */
import { toDomain, toNetwork, type DomainInput, type NetworkInput } from '../api/inputs.js';
import { toRational, type ExactInput } from '../api/exact.js';
import type { Domain } from '../domain/domain.js';
import { InputError } from '../errors.js';
import type { Network } from '../network/network.js';
import { Pacer, type StopOptions } from '../run-control.js';
import { defaultNames } from './names.js';
import { parseColorMode, parseDecision, parseLevel, type ColorMode, type LevelSpec } from './options.js';
import type { PlotPoints } from './overlays.js';
import { buildPartition, checkPlottable } from './partition.js';
import { checkRequest, domainLine, renderPicture } from './picture.js';
import { svgToPng } from './png.js';
import type { PictureStats } from './scene.js';

export interface PlotOptions extends StopOptions {
  /** A bounded domain of the network's inputs (default [-1,1]^d). */
  domain?: DomainInput | Domain;
  /** 'linear' (default), 'region', 'argmax', 'argmin' or 'output:K'. */
  color?: string | ColorMode;
  /** Draw each neuron's bent hyperplane, coloured by layer. */
  boundaries?: boolean;
  /** Exact level sets {f_K = C}: "K=C" or {output, value}. */
  levels?: (string | { output: number; value: ExactInput })[];
  /** Decision boundaries {f_I = f_J}: "I,J" or [I, J]. */
  decisions?: (string | [number, number])[];
  /** Data to draw (floats: drawing only). */
  points?: { x: number[]; y: number[]; labels?: string[]; labelName?: string; source?: string };
  width?: number;
  height?: number;
  title?: string;
  /** Lines under the title (default: the domain). */
  subtitle?: string[];
  inputNames?: string[];
  outputNames?: string[];
  engine?: 'auto' | 'vertex' | 'lp';
  maxRegions?: number;
}

export interface PlotAnswer {
  svg: string;
  stats: PictureStats;
  partial: boolean;
}

const size = (v: number | undefined, fallback: number, name: string): number => {
  if (v === undefined) return fallback;
  if (!(Number.isInteger(v) && v >= 200 && v <= 10000)) throw new InputError(`${name}: expected an integer number of pixels in 200..10000, got ${String(v)}`);
  return v;
};

/** The picture and what it shows (counts, exact level-set segment counts, value range). */
export async function plotPicture(network: NetworkInput | Network, options: PlotOptions = {}): Promise<PlotAnswer> {
  const net = toNetwork(network);
  const d = net.inputSize;
  const domain = toDomain(options.domain, d);
  checkPlottable(net, domain, 'pin inputs or take a slice first (pinNetwork, sliceNetwork)');
  const m = net.layers[net.layers.length - 1].weights.length;
  const names = defaultNames(d, m);
  const color = typeof options.color === 'string' ? parseColorMode(options.color, 'color') : (options.color ?? { kind: 'linear' });
  const levels: LevelSpec[] = (options.levels ?? []).map((l) => (typeof l === 'string' ? parseLevel(l, 'levels') : { output: l.output, value: toRational(l.value, 'levels') }));
  const decisions = (options.decisions ?? []).map((p) => (typeof p === 'string' ? parseDecision(p, 'decisions') : p));
  const req = {
    color,
    boundaries: options.boundaries ?? false,
    levels,
    decisions,
    points: options.points ? ({ ...options.points, skipped: 0, source: options.points.source ?? 'data' } as PlotPoints) : undefined,
    width: size(options.width, 900, 'width'),
    height: size(options.height, 700, 'height'),
    title: options.title ?? 'network',
    domainLines: options.subtitle ?? [domainLine(domain, options.inputNames ?? names.inputs)],
    axisNames: options.inputNames ?? names.inputs,
    outputNames: options.outputNames ?? names.outputs,
  };
  if (req.axisNames.length !== d) throw new InputError(`inputNames: expected ${d} names`);
  if (req.outputNames.length !== m) throw new InputError(`outputNames: expected ${m} names`);
  checkRequest(net, req);
  const pacer = new Pacer(options);
  const part = await buildPartition(net, domain, { engine: options.engine, maxRegions: options.maxRegions, shouldStop: () => pacer.check() !== null });
  const { svg, stats } = renderPicture(part, req);
  return { svg, stats, partial: part.summary.partial };
}

/** The picture as SVG text. */
export async function plotSvg(network: NetworkInput | Network, options: PlotOptions = {}): Promise<string> {
  return (await plotPicture(network, options)).svg;
}

/** The picture as PNG bytes (rendered by resvg), `scale` times the SVG's size. */
export async function plotPng(network: NetworkInput | Network, options: PlotOptions & { scale?: number } = {}): Promise<Uint8Array> {
  const scale = options.scale ?? 1;
  if (!(scale > 0 && scale <= 8)) throw new InputError(`scale: expected a number in (0, 8], got ${String(scale)}`);
  return svgToPng((await plotPicture(network, options)).svg, scale);
}
