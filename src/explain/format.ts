/**
 * The terminal form of explanations: a summary, a table of the top clusters, and one block per
 * top cluster (map, importances, region, a member row); for a point, its decompositions. Numbers
 * are decimals to 4 significant digits here; --json carries every value exactly ("p/q").
 */
import type { Source } from '../enumerate/region.js';
import { toDouble, type Rational } from '../kernel/rational.js';
import type { ClusterDetail, ClusterExplanation, ClusterFacet } from './clusters.js';
import type { PathwiseExplanation } from './pathwise.js';

/** 4 significant digits, no exponent for ordinary magnitudes, "-0" shown as "0". */
export function num(v: number, signed = false): string {
  if (v === 0 || Object.is(v, -0)) return signed ? '0' : '0';
  const a = Math.abs(v);
  let s = a >= 1e-4 && a < 1e7 ? String(Number(v.toPrecision(4))) : v.toExponential(3);
  if (signed && v > 0) s = `+${s}`;
  return s;
}

export const pct = (r: Rational): string => `${(100 * toDouble(r)).toFixed(1)}%`;

/** Output k's name: a class's logit, or "output k". */
export function outputName(outputs: number, classes: string[] | undefined, k: number): string {
  if (outputs === 1) return classes ? `logit(${classes[1]})` : 'output';
  return classes ? `logit(${classes[k]})` : `output ${k}`;
}

/** Which output a cluster's importances are shown for in the table: the class most predicted. */
export function mainOutput(ex: ClusterExplanation, c: ClusterDetail): number {
  if (ex.outputs === 1 || !c.predicted) return 0;
  return c.predicted.indexOf(Math.max(...c.predicted));
}

/** The affine map of one output as text: "0.1483·age − 2.327·sex=male + … + 1.2". */
export function mapText(W: Rational[], c: Rational, features: string[], skipZero = true): string {
  const terms = W.flatMap((w, i) => (skipZero && w.n === 0n ? [] : [`${num(toDouble(w))}·${features[i]}`]));
  terms.push(num(toDouble(c)));
  return terms.join(' + ').replace(/\+ -/g, '− ');
}

/** A facet in words: a neuron's side, or a face of the data's box. */
export function facetText(f: ClusterFacet, features: string[], box: { lo: Rational[]; hi: Rational[] }): string {
  const s: Source = f.source;
  if (s.kind === 'neuron') return `neuron ${s.layer}:${s.index}`;
  if (s.face.kind === 'row') return `domain row ${s.face.index}`;
  const i = s.face.input;
  return s.face.kind === 'upper' ? `${features[i]} <= ${num(toDouble(box.hi[i]))}` : `${features[i]} >= ${num(toDouble(box.lo[i]))}`;
}

const counts = (v: number[]) => v.join('/');

export function formatClusters(ex: ClusterExplanation, source: { net: string; data: string; label?: string }): string {
  const out: string[] = [];
  const r = ex.rows;
  if (ex.stopped) out.push(`PARTIAL (${ex.stopped}): the clusters of the first ${r.used} rows, ${ex.details.length} detailed`);
  const skipped = r.skipped > 0 ? `, ${r.skipped} skipped for missing values (${Object.entries(r.missing).map(([c, n]) => `${c}: ${n}`).join(', ')})` : '';
  const filled = Object.keys(r.filled).length > 0 ? `; filled: ${Object.entries(r.filled).map(([c, n]) => `${c} ${n}`).join(', ')}` : '';
  out.push(`data: ${source.data}: ${r.read} rows, ${r.used} used${skipped}${filled}`);
  out.push(`features (data units): ${ex.features.join(', ')}`);
  if (ex.accuracy) out.push(`network accuracy on label ${source.label}: ${pct(ex.accuracy.share)} (${ex.accuracy.correct} of ${r.used})`);
  const tops = ex.topShares.map((t) => (t.k === 1 ? `the largest holds ${pct(t.share)}` : `the ${t.k} largest ${pct(t.share)}`)).join(', ');
  out.push(`clusters (activation regions holding data): ${ex.clusters}; ${tops}; ${ex.singletons} singletons (${((100 * ex.singletons) / r.used).toFixed(1)}% of the rows)`);
  const g = ex.mapGroups;
  out.push(`clusters sharing one exact affine map: ${g.count} groups${g.count < ex.clusters ? ` (the largest: ${g.largest[0].clusters} clusters, ${pct(g.largest[0].share)} of the rows)` : ' (every cluster has its own map)'}`);
  if (ex.exactRows > 0) out.push(`exact forward passes: ${ex.exactRows} rows (the rest decided by the proven float filter)`);
  out.push('');
  const classes = ex.classes;
  const head = ['rank', 'rows', 'share'];
  if (classes && ex.accuracy) head.push(`${source.label} ${classes.join('/')}`);
  if (classes) head.push(`predicted`, ...(ex.accuracy ? ['accuracy'] : []));
  head.push('top importances (coefficient × spread in the cluster)');
  const rows = ex.details.map((c) => {
    const k = mainOutput(ex, c);
    const imp = c.importances[k]
      .filter((i) => i.weighted !== 0)
      .slice(0, 3)
      .map((i) => `${ex.features[i.feature]} ${num(i.weighted, true)}`)
      .join(', ');
    const cells = [String(c.rank), String(c.size), pct(c.share)];
    if (classes && ex.accuracy) cells.push(counts(c.labels!));
    if (classes) cells.push(counts(c.predicted!), ...(c.accuracy ? [pct(c.accuracy)] : []));
    cells.push(`${ex.outputs > 1 ? `${outputName(ex.outputs, classes, k)}: ` : ''}${imp}`);
    return cells;
  });
  out.push(...table(head, rows));
  for (const c of ex.details) out.push('', ...clusterBlock(ex, c));
  return out.join('\n') + '\n';
}

function clusterBlock(ex: ClusterExplanation, c: ClusterDetail): string[] {
  const lines = [`cluster ${c.rank}: ${c.size} rows (${pct(c.share)}), pattern ${c.pattern}, map group ${c.mapGroup}`];
  if (c.labels && ex.classes) lines.push(`  labels ${ex.classes.map((n, k) => `${n}: ${c.labels![k]}`).join(', ')}; accuracy ${pct(c.accuracy!)}`);
  for (let k = 0; k < ex.outputs; k++) {
    const name = outputName(ex.outputs, ex.classes, k);
    lines.push(`  ${name} = ${mapText(c.map.W[k], c.map.c[k], ex.features)}`);
    const ranked = c.importances[k].filter((i) => i.weighted !== 0).slice(0, 6);
    const constant = c.importances[k].filter((i) => i.weighted === 0 && i.coefficient.n !== 0n).map((i) => ex.features[i.feature]);
    lines.push(`    importance: ${ranked.map((i) => `${ex.features[i.feature]} ${num(i.weighted, true)} (coef ${num(toDouble(i.coefficient))} × spread ${num(i.spread)})`).join(', ') || 'none'}`);
    if (constant.length > 0 && k === ex.outputs - 1) lines.push(`    constant in the cluster: ${constant.join(', ')}`);
  }
  if (c.polytope) lines.push(`  region: ${regionText(ex, c.polytope)}`);
  else if (c.polytopeNote) lines.push(`  region: ${c.polytopeNote}`);
  lines.push(`  member: line ${c.member.line}: ${memberText(c.member.cells, ex)}`);
  return lines;
}

/** The region's facets in words: its neurons, and the faces of the data box it reaches. */
export function regionText(ex: ClusterExplanation, poly: NonNullable<ClusterDetail['polytope']>): string {
  const neurons = poly.facets.filter((f) => f.source.kind === 'neuron').map((f) => facetText(f, ex.features, ex.box).replace('neuron ', ''));
  const faces = poly.facets.filter((f) => f.source.kind === 'domain');
  const isIndicator = (f: ClusterFacet) => f.source.kind === 'domain' && f.source.face.kind !== 'row' && ex.features[f.source.face.input].includes('=');
  const numeric = faces.filter((f) => !isIndicator(f)).map((f) => facetText(f, ex.features, ex.box));
  const indicators = faces.length - numeric.length;
  const where = poly.withinBox
    ? 'inside the data box (bounded by neurons alone)'
    : `reaches the data box at ${[...numeric, ...(indicators > 0 ? [`${indicators} faces of 0/1 indicators`] : [])].join(', ')}`;
  return `${poly.facets.length} facets, ${neurons.length} from neurons ${neurons.join(', ')}; ${where}`;
}

/** A member row's cells, a filled missing cell shown with its fill. */
export function memberText(cells: Record<string, string>, ex: ClusterExplanation): string {
  return Object.entries(cells)
    .map(([k, v]) => (v === '' && ex.rows.filled[k] ? `${k}=(missing, filled)` : `${k}=${v}`))
    .join(', ');
}

/** Columns padded to their widest cell (the last column left free). */
export function table(head: string[], rows: string[][]): string[] {
  const all = [head, ...rows];
  const widths = head.map((_, j) => Math.max(...all.map((r) => (r[j] ?? '').length)));
  return all.map((r) => r.map((cell, j) => (j === r.length - 1 ? cell : j < 3 ? cell.padStart(widths[j]) : cell.padEnd(widths[j]))).join('  ').trimEnd());
}

export function formatPoint(p: PathwiseExplanation, features: string[], outputNames: string[]): string {
  const out: string[] = [];
  // an indicator feature "col=cat" shows as itself when 1 and not at all when 0
  const shown = p.point.flatMap((v, i) => (!features[i].includes('=') ? [`${features[i]}=${num(toDouble(v))}`] : v.n !== 0n ? [features[i]] : []));
  out.push(`point: ${shown.join(', ')}`);
  out.push(`region: pattern ${p.pattern}`);
  p.output.forEach((v, k) => out.push(`f(x): ${outputNames[k]} = ${num(toDouble(v))} (exact: ${exactText(v)})`));
  p.map.W.forEach((row, k) => out.push(`on this region ${outputNames[k]} = ${mapText(row, p.map.c[k], features)}`));
  if (p.layer) {
    const L = p.layer;
    out.push('', `by the units of layer ${L.layer} (${L.units.filter((u) => u.active).length} of ${L.units.length} active): contribution = downstream weight × activation`);
    const active = L.units.filter((u) => u.active);
    for (let k = 0; k < p.output.length; k++) {
      const sorted = [...active].sort((a, b) => Math.abs(toDouble(b.contribution[k])) - Math.abs(toDouble(a.contribution[k])));
      out.push(`  ${outputNames[k]}: ${sorted.map((u) => `unit ${u.unit} ${num(toDouble(u.contribution[k]), true)}`).join(', ')}; constant ${num(toDouble(L.constant[k]), true)}; sum = f(x) exactly`);
    }
  }
  for (const d of p.paths ?? []) {
    out.push('', `paths to ${outputNames[d.output]} (input → active units → output): ${d.count} paths; all paths sum to ${num(toDouble(d.total))} = the linear part, + intercept ${num(toDouble(d.intercept))} = f(x)`);
    for (const t of d.top) out.push(`  ${num(toDouble(t.contribution), true).padStart(11)}  ${pathText(t.path, features)}`);
  }
  for (const g of p.groups) {
    out.push('', `group {${g.features.map((i) => features[i]).join(', ')}}:`);
    g.part.forEach((v, k) => out.push(`  ${outputNames[k]}: group ${num(toDouble(v), true)}, other features ${num(toDouble(g.rest[k]), true)}, intercept ${num(toDouble(g.intercept[k]), true)} (sum = f(x))`));
  }
  return out.join('\n') + '\n';
}

/** [input, u_1, ..., output] as "age → 0:3 → 1:5 → out 0". */
export function pathText(path: number[], features: string[]): string {
  const units = path.slice(1, -1).map((u, l) => `${l}:${u}`);
  return [features[path[0]], ...units, `out ${path[path.length - 1]}`].join(' → ');
}

function exactText(r: Rational): string {
  return r.d === 1n ? String(r.n) : `${r.n}/${r.d}`;
}
