/**
 * `explain` in the library: exact inputs in, exact Fractions out (as every query of src/api/).
 *
 *   const ex = await explainData(net, csvText, { encoder, label: 'survived' });
 *   ex.clusters[0].map.W[0]   // Fractions: the cluster's exact affine map, in data units
 *   const p = await explainPoint(net, 'age=22,sex=male,...', { encoder, layer: 1, paths: 5 });
 *
 * A thin layer over src/explain/ (clusters.ts, pathwise.ts), which the command uses too.
 */
import { toFraction, toFractions, type Fraction } from '../api/exact.js';
import { toNetwork, type NetworkInput } from '../api/inputs.js';
import type { Source } from '../enumerate/region.js';
import { InputError } from '../errors.js';
import type { Network } from '../network/network.js';
import { partialFields, type StopOptions, type StopReason } from '../run-control.js';
import { explainClusters, type ClusterExplanation } from './clusters.js';
import { parseCsv } from './csv-data.js';
import { encodeTable } from './dataset.js';
import { parseEncoderValue, type Feature } from './encoder.js';
import { clustersJson, pointJson } from './json.js';
import { outputName } from './format.js';
import { pathwiseExplanation, type PathwiseExplanation } from './pathwise.js';
import { classesOf, parseGroup, parsePoint, setupExplain, type Setup } from './setup.js';

export interface ExplainSetupOptions {
  /** An encoder spec (the JSON format as an object): columns, standardisation, one-hot, classes. */
  encoder?: unknown;
  /** Plain numeric columns, one per input, in order (without an encoder). */
  features?: string[];
}

export interface ExplainDataOptions extends ExplainSetupOptions, StopOptions {
  /** The label column (classes from the encoder, else "0", "1" / "0".."k-1"). */
  label?: string;
  /** A missing value is an error instead of skipping its row. */
  strict?: boolean;
  /** How many of the largest clusters to detail; default 10. */
  top?: number;
  /** Compute the detailed clusters' polytopes (facets); default true. */
  polytopes?: boolean;
  /** The data's name in messages; default "data". */
  source?: string;
}

export interface ExplainedCluster {
  rank: number;
  pattern: string;
  size: number;
  share: Fraction;
  mapGroup: number;
  /** Exact affine map of the outputs on the cluster, in data units: f(x) = W x + c. */
  map: { W: Fraction[][]; c: Fraction[] };
  /** Per output, features ranked by |coefficient × spread in the cluster|. */
  importances: { feature: string; coefficient: Fraction; spread: number; weighted: number }[][];
  labels?: Record<string, number>;
  predicted?: Record<string, number>;
  accuracy?: Fraction;
  polytope: { facets: { a: bigint[]; b: bigint; source: Source }[]; withinBox: boolean } | null;
  member: { line: number; cells: Record<string, string>; features: Fraction[] };
}

export interface DataExplanation {
  features: Feature[];
  outputs: string[];
  classes?: string[];
  rows: ClusterExplanation['rows'];
  clusters: ExplainedCluster[];
  summary: { clusters: number; singletons: number; mapGroups: number; topShares: { k: number; rows: number; share: Fraction }[]; accuracy?: Fraction };
  /** The same as `relu-regions explain --json` prints. */
  json: unknown;
  /** True when stopped (signal, timeout): the clusters are those of the rows seen. */
  partial: boolean;
  stopReason?: StopReason;
}

function prepare(network: NetworkInput | Network, options: ExplainSetupOptions): Setup {
  const net = toNetwork(network);
  const names = (network as { inputNames?: unknown }).inputNames;
  if (Array.isArray(names)) net.inputNames = names.map(String);
  const outputs = net.layers[net.layers.length - 1].weights.length;
  const encoder = options.encoder === undefined ? undefined : parseEncoderValue(options.encoder, net.inputSize, outputs, 'encoder');
  return setupExplain(net, encoder, options.features);
}

/** Activation-pattern clusters of CSV data (text with a header row), exactly. */
export async function explainData(network: NetworkInput | Network, csv: string, options: ExplainDataOptions = {}): Promise<DataExplanation> {
  if (typeof csv !== 'string') throw new InputError('data: expected CSV text with a header row');
  const setup = prepare(network, options);
  const table = parseCsv(csv, options.source ?? 'data');
  const classes = options.label !== undefined || setup.encoder.classes ? classesOf(setup) : undefined;
  const data = encodeTable(table, setup.encoder, { strict: options.strict, label: options.label !== undefined ? { column: options.label, classes: classes! } : undefined }, options.features ? 'features' : 'encoder');
  if (data.n === 0) throw new InputError(`${table.source}: no rows left after skipping ${data.skipped} with missing values`);
  const { shouldStop, signal, timeoutSeconds } = options;
  const ex = await explainClusters(setup.network, data, { top: options.top, polytopes: options.polytopes, classes, shouldStop, signal, timeoutSeconds });
  const byClass = (v?: number[]) => (v && classes ? Object.fromEntries(classes.map((c, k) => [c, v[k]])) : undefined);
  return {
    features: setup.encoder.features,
    outputs: Array.from({ length: ex.outputs }, (_, k) => outputName(ex.outputs, classes, k)),
    classes,
    rows: ex.rows,
    clusters: ex.details.map((c) => ({
      rank: c.rank,
      pattern: c.pattern,
      size: c.size,
      share: toFraction(c.share),
      mapGroup: c.mapGroup,
      map: { W: c.map.W.map(toFractions), c: toFractions(c.map.c) },
      importances: c.importances.map((r) => r.map((i) => ({ feature: ex.features[i.feature], coefficient: toFraction(i.coefficient), spread: i.spread, weighted: i.weighted }))),
      labels: byClass(c.labels),
      predicted: byClass(c.predicted),
      accuracy: c.accuracy && toFraction(c.accuracy),
      polytope: c.polytope && { facets: c.polytope.facets, withinBox: c.polytope.withinBox },
      member: { line: c.member.line, cells: c.member.cells, features: toFractions(c.member.features) },
    })),
    summary: {
      clusters: ex.clusters,
      singletons: ex.singletons,
      mapGroups: ex.mapGroups.count,
      topShares: ex.topShares.map((t) => ({ k: t.k, rows: t.rows, share: toFraction(t.share) })),
      accuracy: ex.accuracy && toFraction(ex.accuracy.share),
    },
    json: clustersJson(ex, setup.encoder.features),
    ...partialFields(ex.stopped),
  };
}

export interface ExplainPointOptions extends ExplainSetupOptions {
  /** The ReLU layer whose units decompose f(x) (index into the layers); default the last. */
  layer?: number;
  /** Top paths per output; default 10. */
  paths?: number;
  /** Feature groups: each a list of column or feature names. */
  groups?: string[][];
  /** Outputs to decompose by paths; default all. */
  outputs?: number[];
}

export interface PointExplanation {
  pattern: string;
  point: Fraction[];
  output: Fraction[];
  map: { W: Fraction[][]; c: Fraction[] };
  layer?: { layer: number; units: { unit: number; active: boolean; activation: Fraction; contribution: Fraction[] }[]; constant: Fraction[] };
  paths?: { output: number; count: bigint; total: Fraction; linearPart: Fraction; intercept: Fraction; top: { path: number[]; contribution: Fraction }[] }[];
  groups: { features: string[]; part: Fraction[]; rest: Fraction[]; intercept: Fraction[] }[];
  json: unknown;
}

/**
 * Pathwise decompositions of f(x) on x's region: by units of a layer, by paths, by feature
 * groups; every decomposition sums to f(x) exactly. `point`: "age=22,sex=male,..." or the
 * column values in order (a string), or an object {column: value}.
 */
export async function explainPoint(network: NetworkInput | Network, point: string | Record<string, string | number>, options: ExplainPointOptions = {}): Promise<PointExplanation> {
  const setup = prepare(network, options);
  const spec = typeof point === 'string' ? point : typeof point === 'object' && point !== null ? Object.entries(point).map(([k, v]) => `${k}=${v}`).join(',') : null;
  if (spec === null) throw new InputError('point: expected "col=value,..." or an object {column: value}');
  const x = parsePoint(spec, setup.encoder, 'point');
  const groups = (options.groups ?? []).map((g) => parseGroup(g.join(','), setup.encoder, 'groups'));
  const p: PathwiseExplanation = pathwiseExplanation(setup.network, x, { layer: options.layer, paths: options.paths, groups, outputs: options.outputs });
  const features = setup.encoder.features.map((f) => f.name);
  const classes = setup.encoder.classes;
  const outputs = Array.from({ length: setup.outputs }, (_, k) => outputName(setup.outputs, classes, k));
  return {
    pattern: p.pattern,
    point: toFractions(p.point),
    output: toFractions(p.output),
    map: { W: p.map.W.map(toFractions), c: toFractions(p.map.c) },
    layer: p.layer && {
      layer: p.layer.layer,
      units: p.layer.units.map((u) => ({ unit: u.unit, active: u.active, activation: toFraction(u.activation), contribution: toFractions(u.contribution) })),
      constant: toFractions(p.layer.constant),
    },
    paths: p.paths?.map((d) => ({ output: d.output, count: d.count, total: toFraction(d.total), linearPart: toFraction(d.linearPart), intercept: toFraction(d.intercept), top: d.top.map((t) => ({ path: t.path, contribution: toFraction(t.contribution) })) })),
    groups: p.groups.map((g) => ({ features: g.features.map((i) => features[i]), part: toFractions(g.part), rest: toFractions(g.rest), intercept: toFractions(g.intercept) })),
    json: pointJson(p, features, outputs),
  };
}
