/**
 * Bar charts of the report as SVG: vega-lite specifications compiled to vega and rendered
 * headless in Node (`renderer: 'none'`, then toSVG), so no browser or canvas is needed.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ClusterDetail, ClusterExplanation } from './clusters.js';
import { num, outputName, pct } from './format.js';

/** Raises the output / lowers it: a colour-blind-safe blue and orange. */
const RAISES = '#2b6cb0';
const LOWERS = '#dd6b20';

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A cluster's importances for output k: one bar per feature with a nonzero coefficient. */
export function importanceSpec(ex: ClusterExplanation, c: ClusterDetail, k: number, maxBars = 12): TopLevelSpec {
  const values = c.importances[k]
    .filter((i) => i.weighted !== 0)
    .slice(0, maxBars)
    .map((i, rank) => ({
      feature: ex.features[i.feature],
      importance: i.weighted,
      rank,
      effect: i.weighted >= 0 ? 'raises' : 'lowers',
      label: num(i.weighted, true),
    }));
  const output = outputName(ex.outputs, ex.classes, k);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `Cluster ${c.rank}: ${c.size} rows (${pct(c.share)}), importances for ${output}`,
      subtitle: ['coefficient of the exact affine map × the feature’s standard deviation', 'in the cluster (features constant in the cluster are left out)'],
      anchor: 'start',
    },
    width: 420,
    height: { step: 22 },
    data: { values },
    encoding: {
      y: { field: 'feature', type: 'nominal', sort: values.map((v) => v.feature), title: 'feature (data units)' },
      x: { field: 'importance', type: 'quantitative', title: `change in ${output} across the cluster` },
    },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          color: {
            field: 'effect',
            type: 'nominal',
            scale: { domain: ['raises', 'lowers'], range: [RAISES, LOWERS] },
            legend: { title: `effect on ${output}`, orient: 'bottom', titleLimit: 400 },
          },
        },
      },
      { mark: { type: 'rule', color: '#333' }, encoding: { x: { datum: 0 } } },
    ],
    config: { font: 'sans-serif', view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 12 } },
  } as TopLevelSpec;
}

/** Rows per cluster for the largest clusters, coloured by the network's accuracy when known. */
export function clusterSizesSpec(ex: ClusterExplanation, maxBars = 20): TopLevelSpec {
  const values = ex.details.slice(0, maxBars).map((c) => ({
    cluster: `#${c.rank}`,
    rank: c.rank,
    rows: c.size,
    accuracy: c.accuracy ? Number((100 * Number(c.accuracy.n)) / Number(c.accuracy.d)) : null,
  }));
  const byAccuracy = ex.accuracy !== undefined;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `The ${values.length} largest of ${ex.clusters} clusters (${ex.rows.used} rows)`, subtitle: 'rows per activation region holding data', anchor: 'start' },
    width: 420,
    height: 200,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'cluster', type: 'ordinal', sort: { field: 'rank', order: 'ascending' }, title: 'cluster (by size)', axis: { labelAngle: 0 } },
      y: { field: 'rows', type: 'quantitative', title: 'rows' },
      color: byAccuracy
        ? { field: 'accuracy', type: 'quantitative', title: 'accuracy %', scale: { scheme: 'blues', domain: [50, 100] } }
        : { value: RAISES },
    },
    config: { font: 'sans-serif', view: { stroke: null } },
  } as TopLevelSpec;
}
