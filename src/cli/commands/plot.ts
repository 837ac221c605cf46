/**
 * plot: a picture of the exact partition of a 1-D or 2-D domain (src/plot/), as SVG or PNG.
 * Every flag, the output path and the data file are checked before the enumeration; the
 * picture goes to FILE.partial and is renamed when complete (a run stopped by --max-regions
 * keeps FILE.partial, marked PARTIAL in its title, and exits 3).
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { InputError } from '../../errors.js';
import { BACKENDS } from '../../lp/backends.js';
import { toString } from '../../kernel/rational.js';
import { loadModel } from '../../network/load.js';
import { namesFromFile } from '../../plot/names.js';
import { parseColorMode, parseDecision, parseLevel, parseNames } from '../../plot/options.js';
import { buildPartition, checkPlottable } from '../../plot/partition.js';
import { shortExact } from '../../plot/format.js';
import { checkRequest, domainLine, renderPicture } from '../../plot/picture.js';
import { loadPoints, parseFeatures } from '../../plot/points.js';
import { svgToPng } from '../../plot/png.js';
import { addDomainOptions, type DomainFlags } from '../domain-options.js';
import { EXIT, exitWith } from '../exit-codes.js';
import { modelInputs } from '../input-view.js';
import { OutputFile, planOutput, type OutputPlan } from '../output-file.js';
import { progressPrinter } from '../progress.js';
import { positiveInt } from '../run-options.js';
import { stopRequested } from '../signals.js';

type PlotFlags = DomainFlags & {
  out: string;
  format?: string;
  color: string;
  boundaries?: boolean;
  level: string[];
  decision: string[];
  points?: string;
  features?: string;
  label?: string;
  inputNames?: string;
  outputNames?: string;
  title?: string;
  width: number;
  height: number;
  scale: string;
  maxRegions?: number;
  engine: string;
  lp: string;
  json?: boolean;
};

const collect = (v: string, list: string[]) => [...list, v];
const pixels = (flag: string) => (v: string) => {
  const n = Number(v);
  if (!(Number.isInteger(n) && n >= 200 && n <= 10000)) throw new InvalidArgumentError(`${flag}: expected an integer number of pixels in 200..10000, got "${v}"`);
  return n;
};

export function plotCommand(program: Command): void {
  const cmd = program
    .command('plot')
    .description('draw the exact partition of a 1-D or 2-D domain (use --pin or --slice for more inputs) as SVG or PNG')
    .argument('<net>', 'network file (.json, .onnx, .nnet)')
    .requiredOption('--out <file>', 'the picture: FILE.svg or FILE.png (FILE.partial until complete)')
    .option('--format <format>', 'svg or png (default: from the --out file name)')
    .option('--color <mode>', 'linear, region, argmax, argmin or output:K', 'linear')
    .option('--boundaries', "draw each neuron's bent hyperplane, coloured by layer")
    .option('--level <K=C>', 'overlay the exact level set {f_K = C} (repeatable)', collect, [])
    .option('--decision <I,J>', 'overlay the exact decision boundary {f_I = f_J} (repeatable)', collect, [])
    .option('--points <file.csv>', 'overlay data points from a CSV file with a header row')
    .option('--features <X,Y>', 'the CSV columns of the two plotted coordinates (default: the axes\' names)')
    .option('--label <column>', 'colour the data points by this CSV column')
    .option('--input-names <names>', "names of NET's inputs, comma-separated (default: from the file, else x0, x1, ...)")
    .option('--output-names <names>', "names of NET's outputs, comma-separated (default: from the file, else y0, y1, ...)")
    .option('--title <text>', 'the first title line (default: the network file name)')
    .option('--width <px>', 'picture width in pixels', pixels('--width'), 900)
    .option('--height <px>', 'picture height in pixels', pixels('--height'), 700)
    .option('--scale <s>', 'PNG only: render at s times the size (e.g. 2 for high-DPI screens)', '1')
    .option('--max-regions <n>', 'stop after n regions (the picture is then marked PARTIAL)', positiveInt('--max-regions'))
    .option('--engine <engine>', 'auto (vertex for boxes in d <= 4, else lp), vertex, or lp', 'auto')
    .option('--lp <backend>', `float LP backend proposing answers: ${Object.keys(BACKENDS).join(', ')}`, 'dense')
    .option('--json', 'print the summary as one JSON object on stderr');
  addDomainOptions(cmd).action(async (netPath: string, flags: PlotFlags) => {
    const t0 = performance.now();
    // the flags that need no network first
    const format = (flags.format ?? extname(flags.out).slice(1)).toLowerCase();
    if (format !== 'svg' && format !== 'png') {
      throw new InputError(flags.format !== undefined ? `--format: unknown format "${flags.format}" (expected svg or png)` : `--out ${flags.out}: expected a file name ending in .svg or .png (or give --format svg|png)`);
    }
    const scale = Number(flags.scale);
    if (!(scale > 0 && scale <= 8)) throw new InputError(`--scale: expected a number in (0, 8], got "${flags.scale}"`);
    if (flags.scale !== '1' && format !== 'png') throw new InputError('--scale: only for PNG output');
    const color = parseColorMode(flags.color);
    const levels = flags.level.map((s) => parseLevel(s));
    const decisions = flags.decision.map((s) => parseDecision(s));
    const features = flags.features !== undefined ? parseFeatures(flags.features) : undefined;
    if ((flags.features !== undefined || flags.label !== undefined) && flags.points === undefined) throw new InputError(`${flags.features !== undefined ? '--features' : '--label'}: only with --points`);
    const backend = BACKENDS[flags.lp];
    if (!backend) throw new InvalidArgumentError(`--lp: unknown backend "${flags.lp}" (expected ${Object.keys(BACKENDS).join(' or ')})`);
    if (flags.engine !== 'auto' && flags.engine !== 'vertex' && flags.engine !== 'lp') throw new InvalidArgumentError(`--engine: unknown engine "${flags.engine}" (expected auto, vertex or lp)`);

    // the network, its domain (with --pin / --slice), names
    const model = loadModel(netPath);
    const d0 = model.network.inputSize;
    const m = model.network.layers[model.network.layers.length - 1].weights.length;
    const view = modelInputs(flags, model, netPath);
    const { network: net, domain, warnings } = view;
    const d = net.inputSize;
    if (d > 2) {
      throw new InputError(
        view.note === undefined
          ? `plot: the domain has ${d} inputs; choose two with --pin (fix the others, e.g. --pin "${Array.from({ length: d - 2 }, (_, i) => `${i + 2}=0`).join(',')}") or --slice FILE.json (a plane through NET's input space)`
          : `plot: ${d} inputs are still free (${view.note}); pin ${d - 2} more with --pin, or use --slice FILE.json with two directions`,
      );
    }
    checkPlottable(net, domain);
    const names = namesFromFile(netPath, d0, m);
    if (flags.inputNames !== undefined) names.inputs = parseNames(flags.inputNames, d0, '--input-names');
    if (flags.outputNames !== undefined) names.outputs = parseNames(flags.outputNames, m, '--output-names');
    const domainLines: string[] = [];
    let axisNames: string[];
    if (flags.slice !== undefined) {
      axisNames = Array.from({ length: d }, (_, i) => `z${i}`);
      domainLines.push(`${domainLine(domain, axisNames)}: coordinates of the slice ${basename(flags.slice)}, x = point + ${axisNames.map((z, i) => `${z}·directions[${i}]`).join(' + ')}`);
    } else {
      const free: number[] = [];
      const pinned: number[] = [];
      for (let i = 0; i < d0; i++) {
        try {
          free[view.input(i, 'plot')] = i;
        } catch {
          pinned.push(i);
        }
      }
      axisNames = free.map((i) => names.inputs[i]);
      domainLines.push(domainLine(domain, axisNames));
      if (pinned.length > 0) {
        const at = view.toOriginal([Array.from({ length: d }, () => ({ n: 0n, d: 1n }))])[0];
        domainLines.push(`pinned: ${pinned.map((i) => `${names.inputs[i]} = ${shortExact(at[i])}`).join(', ')} (input${pinned.length > 1 ? 's' : ''} ${pinned.join(', ')} folded exactly into the first layer)`);
      }
    }
    const req = {
      color,
      boundaries: flags.boundaries ?? false,
      levels,
      decisions,
      width: flags.width,
      height: flags.height,
      title: flags.title ?? basename(netPath),
      domainLines,
      axisNames,
      outputNames: names.outputs,
    };
    checkRequest(net, req);
    const defaultFeatures: [string, string] = d === 2 ? [axisNames[0], axisNames[1]] : [axisNames[0], color.kind === 'output' ? names.outputs[color.output] : names.outputs[0]];
    const points = flags.points !== undefined ? loadPoints(flags.points, features ?? defaultFeatures, features !== undefined, flags.label) : undefined;
    const inputs = [netPath, flags.domain, flags.slice, flags.points].filter((p): p is string => p !== undefined);
    const plan = planOutput('--out', flags.out, inputs);

    // one enumeration, the picture, the file
    const progress = progressPrinter(process.stderr.isTTY === true);
    const part = await buildPartition(net, domain, { engine: flags.engine as 'auto', backend, maxRegions: flags.maxRegions, shouldStop: stopRequested, onProgress: progress.update });
    progress.clear();
    const { svg, stats } = renderPicture(part, { ...req, points });
    const partial = part.summary.partial;
    const written = format === 'svg' ? writeText(plan, svg, partial) : writeBytes(plan, await svgToPng(svg, scale), partial);
    const seconds = (performance.now() - t0) / 1000;
    const s = part.summary;
    const domainText = `${s.domainText}${view.note ? ` (${view.note})` : ''}`;
    if (flags.json) {
      const range = stats.valueRange ? { valueRange: stats.valueRange.map(toString) } : {};
      process.stderr.write(
        JSON.stringify({
          domainText,
          activationRegions: stats.regions,
          linearRegions: stats.linearRegions,
          levels: stats.levels,
          decisions: stats.decisions,
          ...range,
          ...(stats.classesShown ? { classesShown: stats.classesShown } : {}),
          ...(stats.pointsOutside !== undefined ? { points: points!.x.length, pointsOutside: stats.pointsOutside, rowsSkipped: points!.skipped } : {}),
          out: written,
          format,
          width: Math.round(flags.width * (format === 'png' ? scale : 1)),
          height: Math.round(flags.height * (format === 'png' ? scale : 1)),
          bytes: format === 'svg' ? Buffer.byteLength(svg) : undefined,
          seconds,
          partial,
          ...(s.stopReason ? { stopReason: s.stopReason } : {}),
          warnings,
        }) + '\n',
      );
    } else {
      const lines = [
        `domain: ${domainText}`,
        `activation regions: ${stats.regions}${partial ? ` (PARTIAL: stopped by ${s.stopReason})` : ''}`,
        `linear regions: ${stats.linearRegions}`,
        ...stats.levels.map((l) => `level set ${l.spec}: ${l.segments} exact ${d === 2 ? 'segments' : 'points'}${l.wholeRegions ? `, ${l.wholeRegions} whole regions` : ''}`),
        ...stats.decisions.map((l) => `decision boundary ${l.spec}: ${l.segments} exact ${d === 2 ? 'segments' : 'points'}${l.wholeRegions ? `, ${l.wholeRegions} whole regions` : ''}`),
        ...(stats.valueRange ? [`output range: [${stats.valueRange.map((r) => shortExact(r)).join(', ')}] (exact: ${stats.valueRange.map(toString).join(', ')})`] : []),
        ...(points ? [`data points: ${points.x.length - (stats.pointsOutside ?? 0)} drawn, ${stats.pointsOutside ?? 0} outside the picture, ${points.skipped} rows skipped (missing values)`] : []),
        `time: ${seconds.toFixed(3)} s`,
        partial ? `picture of the regions found so far written to ${written} (PARTIAL; not renamed to ${flags.out})` : `picture written to ${flags.out}`,
      ];
      process.stderr.write(lines.join('\n') + '\n');
    }
    exitWith(partial ? EXIT.noAnswer : EXIT.answer);
  });
}

/** SVG through OutputFile (FILE.partial, renamed when complete). Returns the name written. */
function writeText(plan: OutputPlan, svg: string, partial: boolean): string {
  const out = new OutputFile(plan);
  out.write(svg);
  if (partial) out.stopShort(true);
  else out.commit();
  return partial ? out.writing : plan.path;
}

/**
 * PNG bytes the same way (OutputFile writes text): FILE.partial, renamed when complete; a
 * device or FIFO is written directly; any failure removes FILE.partial and is one line.
 */
function writeBytes(plan: OutputPlan, bytes: Uint8Array, partial: boolean): string {
  const writing = plan.direct ? plan.target : `${plan.target}.partial`;
  try {
    writeFileSync(writing, bytes);
    if (!plan.direct && !partial) renameSync(writing, plan.target);
  } catch (e) {
    if (!plan.direct) rmSync(writing, { force: true });
    throw new InputError(`${plan.path}: cannot write: ${e instanceof Error ? e.message : String(e)}`);
  }
  return partial ? writing : plan.path;
}
