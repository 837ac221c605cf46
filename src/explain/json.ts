/**
 * JSON and CSV forms of explanations. Exact values are "p/q" strings with a float `approx` next
 * to them (as every --json of relu-regions); --csv has one row per cluster × output × feature.
 */
import { sourceToJson } from '../enumerate/region.js';
import { toDouble, toString, type Rational } from '../kernel/rational.js';
import { partialFields } from '../run-control.js';
import type { ClusterExplanation } from './clusters.js';
import type { Feature } from './encoder.js';
import { outputName } from './format.js';
import type { PathwiseExplanation } from './pathwise.js';

const exact = (r: Rational) => ({ value: toString(r), approx: toDouble(r) });
const vector = (v: Rational[]) => ({ value: v.map(toString), approx: v.map(toDouble) });
const matrix = (m: Rational[][]) => ({ value: m.map((r) => r.map(toString)), approx: m.map((r) => r.map(toDouble)) });

export function clustersJson(ex: ClusterExplanation, features: Feature[], extra: Record<string, unknown> = {}): unknown {
  const names = ex.features;
  const byClass = (v: number[] | undefined) => (v && ex.classes ? Object.fromEntries(ex.classes.map((c, k) => [c, v[k]])) : undefined);
  return {
    ...extra,
    features: features.map((f) => ({ name: f.name, column: f.column, kind: f.kind, ...(f.category !== undefined ? { category: f.category } : {}) })),
    outputs: Array.from({ length: ex.outputs }, (_, k) => outputName(ex.outputs, ex.classes, k)),
    classes: ex.classes,
    rows: ex.rows,
    summary: {
      clusters: ex.clusters,
      singletons: ex.singletons,
      topShares: ex.topShares.map((t) => ({ k: t.k, rows: t.rows, share: exact(t.share) })),
      mapGroups: { count: ex.mapGroups.count, largest: ex.mapGroups.largest.map((g) => ({ ...g, share: exact(g.share) })), exactComparisons: ex.mapGroups.exactComparisons },
      accuracy: ex.accuracy ? { correct: ex.accuracy.correct, share: exact(ex.accuracy.share) } : undefined,
      exactRows: ex.exactRows,
    },
    ...partialFields(ex.stopped),
    box: { lo: vector(ex.box.lo), hi: vector(ex.box.hi) },
    clusters: ex.details.map((c) => ({
      rank: c.rank,
      pattern: c.pattern,
      size: c.size,
      share: exact(c.share),
      mapGroup: c.mapGroup,
      labels: byClass(c.labels),
      predicted: byClass(c.predicted),
      accuracy: c.accuracy ? exact(c.accuracy) : undefined,
      meanOutput: c.meanOutput,
      map: { W: matrix(c.map.W), c: vector(c.map.c) },
      importances: c.importances.map((ranked) =>
        ranked.map((i, rank) => ({
          rank: rank + 1,
          feature: names[i.feature],
          coefficient: exact(i.coefficient),
          spread: i.spread,
          variance: toString(i.variance),
          weighted: i.weighted,
        })),
      ),
      stats: { mean: vector(c.stats.mean), min: vector(c.stats.min), max: vector(c.stats.max) },
      polytope: c.polytope
        ? {
            facets: c.polytope.facets.map((f) => ({ a: f.a.map(String), b: String(f.b), source: sourceToJson(f.source) })),
            withinBox: c.polytope.withinBox,
            witness: vector(c.polytope.witness),
          }
        : null,
      ...(c.polytopeNote ? { polytopeNote: c.polytopeNote } : {}),
      member: { line: c.member.line, cells: c.member.cells, features: vector(c.member.features) },
    })),
  };
}

/** One row per detailed cluster × output × feature. */
export function clustersCsv(ex: ClusterExplanation): string {
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [['cluster', 'rows', 'share', 'pattern', 'map_group', 'accuracy', 'output', 'feature', 'rank', 'coefficient', 'coefficient_decimal', 'spread', 'weighted_importance'].join(',')];
  for (const c of ex.details) {
    c.importances.forEach((ranked, k) => {
      ranked.forEach((i, rank) => {
        lines.push(
          [
            String(c.rank),
            String(c.size),
            String(toDouble(c.share)),
            c.pattern,
            String(c.mapGroup),
            c.accuracy ? String(toDouble(c.accuracy)) : '',
            outputName(ex.outputs, ex.classes, k),
            ex.features[i.feature],
            String(rank + 1),
            toString(i.coefficient),
            String(toDouble(i.coefficient)),
            String(i.spread),
            String(i.weighted),
          ]
            .map(q)
            .join(','),
        );
      });
    });
  }
  return lines.join('\n') + '\n';
}

export function pointJson(p: PathwiseExplanation, features: string[], outputNames: string[], extra: Record<string, unknown> = {}): unknown {
  return {
    ...extra,
    features,
    outputs: outputNames,
    point: vector(p.point),
    pattern: p.pattern,
    output: vector(p.output),
    map: { W: matrix(p.map.W), c: vector(p.map.c) },
    layer: p.layer
      ? {
          layer: p.layer.layer,
          units: p.layer.units.map((u) => ({ unit: u.unit, active: u.active, activation: exact(u.activation), contribution: vector(u.contribution) })),
          constant: vector(p.layer.constant),
        }
      : undefined,
    paths: p.paths?.map((d) => ({
      output: outputNames[d.output],
      count: d.count.toString(),
      total: exact(d.total),
      linearPart: exact(d.linearPart),
      intercept: exact(d.intercept),
      top: d.top.map((t) => ({ path: [features[t.path[0]], ...t.path.slice(1)], contribution: exact(t.contribution) })),
    })),
    groups: p.groups.map((g) => ({ group: g.features.map((i) => features[i]), part: vector(g.part), rest: vector(g.rest), intercept: vector(g.intercept) })),
  };
}
