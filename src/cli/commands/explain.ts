/**
 * explain: activation-pattern clusters of a dataset with exact affine maps and importances
 * (Picchiotti and Gori), or pathwise decompositions of one point (Lim et al.). A thin layer over
 * src/explain/, which asks the one engine (forward pass, regions of patterns, facets).
 */
import { type Command, InvalidArgumentError } from 'commander';
import { InputError } from '../../errors.js';
import { explainClusters } from '../../explain/clusters.js';
import { parseCsv } from '../../explain/csv-data.js';
import { encodeTable } from '../../explain/dataset.js';
import { loadEncoder, type Encoder } from '../../explain/encoder.js';
import { formatClusters, formatPoint, outputName } from '../../explain/format.js';
import { clustersCsv, clustersJson, pointJson } from '../../explain/json.js';
import { pathwiseExplanation } from '../../explain/pathwise.js';
import { buildReport, reportFolder, reportPath } from '../../explain/report.js';
import { classesOf, parseGroup, parsePoint, setupExplain } from '../../explain/setup.js';
import { loadModel, readInputFile } from '../../network/load.js';
import { EXIT, exitWith } from '../exit-codes.js';
import { OutputFile, planOutput } from '../output-file.js';
import { positiveInt } from '../run-options.js';
import { stopRequested } from '../signals.js';
import { index } from './queries.js';

interface ExplainFlags {
  encoder?: string;
  features?: string;
  label?: string;
  strict?: boolean;
  top?: number;
  json?: boolean;
  csv?: string;
  report?: string;
  polytopes: boolean;
  point?: string;
  layer?: number;
  paths?: number;
  group?: string[];
  output?: number;
}

const topCount = (v: string): number => (v === 'all' ? Infinity : positiveInt('--top')(v));

const pathCount = (v: string): number => {
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(Number(v))) throw new InvalidArgumentError(`--paths: expected a count 0, 1, ..., got "${v}"`);
  return Number(v);
};

export function explainCommand(program: Command): void {
  program
    .command('explain')
    .description('explain a network on data: activation-pattern clusters with exact affine maps and importances (DATA.csv), or exact pathwise decompositions of one point (--point)')
    .argument('<net>', 'network file (.json, .onnx, .nnet)')
    .argument('[data]', 'CSV file with a header row naming the columns')
    .option('--encoder <file>', 'encoder spec (JSON): columns, standardisation, one-hot categories, fills, class names; folded exactly into the first layer')
    .option('--features <columns>', 'the CSV columns of the inputs, in order (plain numbers; default: the network\'s "inputNames")')
    .option('--label <column>', 'label column: label mix and the network\'s accuracy per cluster')
    .option('--strict', 'a missing value is an error (default: its row is skipped and counted)')
    .option('--top <k>', 'detail the k largest clusters, or "all" (default 10; the terminal table shows 5 unless given)', topCount)
    .option('--no-polytopes', 'skip the regions\' facets (certified LPs per detailed cluster)')
    .option('--json', 'print one JSON object (exact values as "p/q" with approximations)')
    .option('--csv <file>', 'also write one row per cluster × output × feature')
    .option('--report <dir>', 'also write DIR/report.html (self-contained, SVG charts) and DIR/report.md with its charts')
    .option('--point <x>', 'explain one point: "col=value,..." or the column values in order')
    .option('--layer <L>', 'with --point: the ReLU layer whose units decompose f(x) (default the last)', index('--layer'))
    .option('--paths <k>', 'with --point: the k largest input-to-output paths per output (default 10)', pathCount)
    .option('--group <features>', 'with --point: the part of f(x) from these features (columns or features, comma-separated; repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--output <k>', 'with --point: decompose only output k by paths', index('--output'))
    .action(async (netPath: string, dataPath: string | undefined, flags: ExplainFlags) => {
      const t0 = performance.now();
      if ((dataPath === undefined) === (flags.point === undefined)) throw new InputError('explain: give DATA.csv or --point x (one of them)');
      const only = (names: (keyof ExplainFlags)[], mode: string) => {
        for (const n of names) {
          if (flags[n] !== undefined) throw new InputError(`--${n}: only ${mode}`);
        }
      };
      if (dataPath !== undefined) only(['layer', 'paths', 'group', 'output'], 'with --point');
      else only(['label', 'strict', 'top', 'csv', 'report'], 'with DATA.csv');
      const inputs = [netPath, dataPath, flags.encoder].filter((p): p is string => p !== undefined);
      if (flags.report !== undefined) reportFolder(flags.report);
      const csvOut = flags.csv !== undefined ? planOutput('--csv', flags.csv, inputs) : null;
      const reportPlans = flags.report !== undefined ? ['report.html', 'report.md'].map((f) => planOutput('--report', reportPath(flags.report!, f), inputs)) : [];
      const net = loadModel(netPath).network;
      const outputs = net.layers[net.layers.length - 1].weights.length;
      const encoder: Encoder | undefined = flags.encoder !== undefined ? loadEncoder(flags.encoder, net.inputSize, outputs) : undefined;
      const features = flags.features?.split(',').map((s) => s.trim());
      const setup = setupExplain(net, encoder, features);
      const mapping = flags.encoder ?? (features ? '--features' : 'inputNames');
      const names = setup.encoder.features.map((f) => f.name);

      if (flags.point !== undefined) {
        const x = parsePoint(flags.point, setup.encoder);
        const groups = (flags.group ?? []).map((g) => parseGroup(g, setup.encoder));
        if (flags.output !== undefined && flags.output >= outputs) throw new InputError(`--output: expected 0..${outputs - 1}`);
        const p = pathwiseExplanation(setup.network, x, { layer: flags.layer, paths: flags.paths, groups, outputs: flags.output !== undefined ? [flags.output] : undefined });
        const outNames = Array.from({ length: outputs }, (_, k) => outputName(outputs, setup.encoder.classes, k));
        if (flags.json) console.log(JSON.stringify(pointJson(p, names, outNames, { network: netPath, seconds: (performance.now() - t0) / 1000 })));
        else process.stdout.write(formatPoint(p, names, outNames));
        exitWith(EXIT.answer);
        return;
      }

      const table = parseCsv(readInputFile(dataPath!), dataPath!);
      const classes = flags.label !== undefined || setup.encoder.classes ? classesOf(setup) : undefined;
      const data = encodeTable(table, setup.encoder, { strict: flags.strict, label: flags.label !== undefined ? { column: flags.label, classes: classes! } : undefined }, mapping);
      if (data.n === 0) throw new InputError(`${dataPath}: no rows left after skipping ${data.skipped} with missing values (--strict names the first)`);
      const top = flags.top ?? (flags.json || flags.csv || flags.report ? 10 : 5);
      const ex = await explainClusters(setup.network, data, { top, polytopes: flags.polytopes, classes, shouldStop: stopRequested });
      const source = { net: netPath, data: dataPath!, label: flags.label };
      if (ex.stopped && (csvOut || flags.report !== undefined)) process.stderr.write('no --csv or --report: the run is partial\n');
      if (csvOut && !ex.stopped) {
        const f = new OutputFile(csvOut);
        f.write(clustersCsv(ex));
        f.commit();
      }
      if (flags.report !== undefined && !ex.stopped) {
        const files = await buildReport(ex, source);
        for (const file of files) {
          const plan = reportPlans.find((p) => p.path === reportPath(flags.report!, file.name)) ?? planOutput('--report', reportPath(flags.report, file.name), inputs);
          const f = new OutputFile(plan);
          f.write(file.text);
          f.commit();
        }
      }
      const seconds = (performance.now() - t0) / 1000;
      if (flags.json) console.log(JSON.stringify(clustersJson(ex, setup.encoder.features, { network: netPath, data: dataPath, label: flags.label, seconds })));
      else {
        process.stdout.write(formatClusters(ex, source));
        if (flags.csv && !ex.stopped) process.stderr.write(`clusters × features written to ${flags.csv}\n`);
        if (flags.report && !ex.stopped) process.stderr.write(`report written to ${reportPath(flags.report, 'report.html')} and report.md\n`);
      }
      exitWith(ex.stopped ? EXIT.noAnswer : EXIT.answer);
    });
}
