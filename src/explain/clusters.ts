/**
 * Activation-pattern clusters of a dataset (Picchiotti and Gori): every row's pattern and
 * prediction, the clusters (activation regions holding data) and, for the top clusters, the
 * exact affine map, importances, label mix and accuracy, polytope and a member row; the coarser
 * clusters sharing one exact map; a global summary.
 *
 * Rows are batched by pattern: each row costs one filtered float forward pass (float-filter.ts;
 * the exact forward pass only when a margin is too thin to decide), and each detailed cluster
 * one exact map, built from its pattern (region-at.ts), not one per row.
 */
import { mapToRationals } from '../enumerate/affine.js';
import type { Source } from '../enumerate/region.js';
import { primitiveRow, pointToRationals } from '../kernel/intvec.js';
import { cmp, toDouble, type Rational } from '../kernel/rational.js';
import { denseFloatSimplex } from '../lp/dense-float-simplex.js';
import { InteriorDecider, newStats } from '../lp/interior.js';
import { forward } from '../network/forward.js';
import { Pacer, type StopOptions, type StopReason } from '../run-control.js';
import { toIntegerLayers } from '../network/integer-network.js';
import type { Network } from '../network/network.js';
import { dataBox } from './data-box.js';
import { rawCells, type Dataset } from './dataset.js';
import { decideClass, FloatNetwork } from './float-filter.js';
import { featureStats, fraction, rankImportances, type FeatureStats, type Importance } from './importances.js';
import { fixedWeight, groupByMap, groupExactly } from './map-groups.js';
import { patternRegion, regionPolytope, splitBits, type PatternRegion } from './region-at.js';

export interface ClusterOptions extends StopOptions {
  /** How many of the largest clusters to detail (map, importances, polytope); default 10. */
  top?: number;
  /** Compute each detailed cluster's polytope (facets; certified LPs); default true. */
  polytopes?: boolean;
  /** Class names when the outputs are a classifier's (predictions and accuracy). */
  classes?: string[];
}

/** One facet of a cluster's region: a·x <= b (primitive integers, data units) and its source. */
export interface ClusterFacet {
  a: bigint[];
  b: bigint;
  source: Source;
}

export interface ClusterDetail {
  /** 1 = the largest cluster. */
  rank: number;
  pattern: string;
  size: number;
  share: Rational;
  /** Indices of its rows among the kept rows. */
  members: Int32Array;
  /** Id of its group of clusters sharing one exact map. */
  mapGroup: number;
  map: { W: Rational[][]; c: Rational[] };
  stats: FeatureStats;
  /** Per output, features ranked. */
  importances: Importance[][];
  /** Per class: rows with that label / predicted as that class (with a label / classes). */
  labels?: number[];
  predicted?: number[];
  accuracy?: Rational;
  /** Mean of each output over the cluster (a decimal, for reading). */
  meanOutput: number[];
  /** The region in the data's box: facets, and whether it lies inside the box. Null: not computed, or the pattern's open region is empty. */
  polytope: { facets: ClusterFacet[]; withinBox: boolean; witness: Rational[] } | null;
  polytopeNote?: string;
  member: { row: number; line: number; cells: Record<string, string>; features: Rational[] };
}

export interface ClusterExplanation {
  features: string[];
  outputs: number;
  classes?: string[];
  rows: { read: number; used: number; skipped: number; missing: Record<string, number>; filled: Record<string, number> };
  clusters: number;
  singletons: number;
  /** Rows held by the k largest clusters, k = 1, 5, 10 (when there are that many). */
  topShares: { k: number; rows: number; share: Rational }[];
  mapGroups: { count: number; largest: { group: number; clusters: number; rows: number; share: Rational }[]; exactComparisons: number };
  accuracy?: { correct: number; share: Rational };
  box: { lo: Rational[]; hi: Rational[] };
  details: ClusterDetail[];
  /** Rows whose pattern (or class) the float filter left to the exact forward pass. */
  exactRows: number;
  /**
   * Set when the run was stopped (Ctrl-C, AbortSignal, timeout): the clusters are then those of
   * the rows seen (`rows.used` of them), and `details` may hold fewer clusters than asked.
   */
  stopped?: StopReason;
}

/** Packs pattern bits into a short string key (15 bits per character). */
function packKey(bits: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bits.length; i += 15) {
    let v = 0;
    for (let j = i; j < Math.min(i + 15, bits.length); j++) v = (v << 1) | bits[j];
    s += String.fromCharCode(v);
  }
  return s;
}

function exactClass(out: Rational[]): number {
  if (out.length === 1) return out[0].n > 0n ? 1 : 0;
  let c = 0;
  for (let k = 1; k < out.length; k++) if (cmp(out[k], out[c]) > 0) c = k;
  return c;
}

export async function explainClusters(net: Network, data: Dataset, options: ClusterOptions = {}): Promise<ClusterExplanation> {
  const { d } = data;
  let n = data.n;
  const pacer = new Pacer(options);
  const fnet = new FloatNetwork(net);
  const layers = toIntegerLayers(net);
  const K = fnet.outputs;
  const classes = options.classes;
  const bits = new Uint8Array(fnet.bitCount);
  const out = new Float64Array(K);
  const err = new Float64Array(K);
  const clusterOf = new Int32Array(n);
  const predicted = classes ? new Int32Array(n) : null;
  const rowOut = new Float64Array(n * K);
  const keys = new Map<string, number>();
  const clusterBits: Uint8Array[] = [];
  const sizes: number[] = [];
  let exactRows = 0;
  for (let r = 0; r < n; r++) {
    if ((r & 255) === 255 && (await pacer.tick())) {
      n = r; // the rows seen so far
      break;
    }
    let ok = fnet.run(data.x, r * d, bits, out, err);
    let cls = -1;
    if (ok && classes) ok = (cls = decideClass(out, err)) >= 0;
    if (!ok) {
      exactRows++;
      const t = forward(net, data.exactRow(r));
      let at = 0;
      t.signs.forEach((s, l) => {
        if (net.layers[l].activation === 'relu') for (const v of s) bits[at++] = v > 0 ? 1 : 0;
      });
      const o = t.output;
      for (let k = 0; k < K; k++) out[k] = toDouble(o[k]);
      if (classes) cls = exactClass(o);
    }
    const key = packKey(bits);
    let c = keys.get(key);
    if (c === undefined) {
      keys.set(key, (c = sizes.length));
      clusterBits.push(bits.slice());
      sizes.push(0);
    }
    sizes[c]++;
    clusterOf[r] = c;
    if (predicted) predicted[r] = cls;
    for (let k = 0; k < K; k++) rowOut[r * K + k] = out[k];
  }
  const m = sizes.length;
  // rank: size descending, then first appearance (cluster ids are in order of appearance)
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => sizes[b] - sizes[a] || a - b);
  const rankOf = new Int32Array(m);
  order.forEach((c, i) => (rankOf[c] = i));
  // members of each cluster, by counting sort
  const start = new Int32Array(m + 1);
  for (let c = 0; c < m; c++) start[c + 1] = start[c] + sizes[c];
  const fill = start.slice(0, m);
  const members = new Int32Array(n);
  for (let r = 0; r < n; r++) members[fill[clusterOf[r]]++] = r;
  const membersOf = (c: number) => members.subarray(start[c], start[c + 1]);

  const box = dataBox(data);
  const regions = new Map<number, PatternRegion>();
  const regionOf = (c: number, withBox: boolean): PatternRegion => {
    const key = withBox ? c : -1 - c;
    let reg = regions.get(key);
    if (!reg) regions.set(key, (reg = patternRegion(layers, d, splitBits(layers, clusterBits[c]), withBox ? box : undefined)));
    return reg;
  };
  const exactMap = (c: number) => (regions.get(c) ?? regionOf(c, false)).map;
  const point = Float64Array.from({ length: d }, (_, i) => fixedWeight(i + 1000)); // s in [1, 2)^d
  const weights = Float64Array.from({ length: K }, (_, k) => fixedWeight(k));
  const groups = fnet.usable ? groupByMap(m, (c) => fnet.patternValue(clusterBits[c], point, weights), exactMap) : groupExactly(m, exactMap);

  const top = Math.min(m, options.top ?? 10);
  const decider = new InteriorDecider(d, denseFloatSimplex, newStats());
  const details: ClusterDetail[] = [];
  for (let i = 0; i < top; i++) {
    if (await pacer.tick()) break;
    const c = order[i];
    const rows = membersOf(c);
    const region = regionOf(c, true);
    const map = mapToRationals(region.map);
    const stats = featureStats(rows, d, data.exact);
    const importances = map.W.map((coefficients) => rankImportances(coefficients, stats));
    const first = rows[0];
    const detail: ClusterDetail = {
      rank: i + 1,
      pattern: region.pattern,
      size: rows.length,
      share: fraction(rows.length, n),
      members: rows,
      mapGroup: groups.groupOf[c],
      map,
      stats,
      importances,
      meanOutput: Array.from({ length: K }, (_, k) => rows.reduce((s, r) => s + rowOut[r * K + k], 0) / rows.length),
      polytope: null,
      member: { row: first, line: data.table.lines[data.rowOf[first]], cells: rawCells(data, first), features: data.exactRow(first) },
    };
    if (classes) {
      detail.predicted = new Array(classes.length).fill(0);
      for (const r of rows) detail.predicted[predicted![r]]++;
    }
    if (classes && data.label) {
      const labels = new Array(classes.length).fill(0);
      let correct = 0;
      for (const r of rows) {
        labels[data.label.of[r]]++;
        if (data.label.of[r] === predicted![r]) correct++;
      }
      detail.labels = labels;
      detail.accuracy = fraction(correct, rows.length);
    }
    if (options.polytopes ?? true) {
      const poly = regionPolytope(region, d, data.exactRow(first), decider);
      if (poly) {
        const facets = poly.facets.map((j) => ({ ...primitiveRow(region.rows[j].a, region.rows[j].b), source: region.sources[j] }));
        detail.polytope = { facets, withinBox: facets.every((f) => f.source.kind === 'neuron'), witness: pointToRationals(poly.witness) };
      } else detail.polytopeNote = "the pattern's open region is empty: its rows lie on a neuron's hyperplane";
    }
    details.push(detail);
  }

  const groupRows = new Map<number, { clusters: number; rows: number }>();
  for (let c = 0; c < m; c++) {
    const g = groups.groupOf[c];
    const e = groupRows.get(g) ?? { clusters: 0, rows: 0 };
    e.clusters++;
    e.rows += sizes[c];
    groupRows.set(g, e);
  }
  const largest = [...groupRows]
    .sort((a, b) => b[1].rows - a[1].rows || a[0] - b[0])
    .slice(0, 10)
    .map(([group, e]) => ({ group, ...e, share: fraction(e.rows, n) }));
  let correct = 0;
  if (classes && data.label) for (let r = 0; r < n; r++) if (data.label.of[r] === predicted![r]) correct++;
  let acc = 0;
  const topShares = [1, 5, 10]
    .filter((k) => k <= m)
    .map((k) => {
      acc = order.slice(0, k).reduce((s, c) => s + sizes[c], 0);
      return { k, rows: acc, share: fraction(acc, n) };
    });
  return {
    features: data.encoder.features.map((f) => f.name),
    outputs: K,
    classes,
    rows: { read: data.table.rows.length, used: n, skipped: data.skipped, missing: data.missing, filled: data.filled },
    clusters: m,
    singletons: sizes.filter((s) => s === 1).length,
    topShares,
    mapGroups: { count: groups.count, largest, exactComparisons: groups.exactComparisons },
    accuracy: classes && data.label ? { correct, share: fraction(correct, n) } : undefined,
    box: { lo: box.lo, hi: box.hi },
    details,
    exactRows,
    ...(pacer.reason ? { stopped: pacer.reason } : {}),
  };
}
