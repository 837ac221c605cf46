/**
 * The 2-D picture of a barrier certificate (issue 15): on the state domain D, the sets
 *   S = {x ∈ D : B(x) <= 0}                (levelset --le 0: its exact pieces)
 *   C = S ∩ {B(G(x)) <= B(x)}              (invariant --pieces)
 *   {x ∈ D : B(x) <= c*}                   (levelset --le c*, c* from invariant --level)
 *   U (the unsafe polytope, clipped to D), and I (the initial polytope)
 * as filled polygons, each piece from its exact facets (its vertices by exact vertex enumeration
 * and ordered exactly around its witness, geometry/order.ts), plus marked points (e.g. a
 * counterexample x and its successor G(x)). Floats are only the pixel positions.
 */
import { toRationals, type ExactInput } from '../api/exact.js';
import { toDomain, toNetwork, type DomainInput, type NetworkInput } from '../api/inputs.js';
import type { Domain } from '../domain/domain.js';
import { InputError } from '../errors.js';
import { generatorOrder } from '../geometry/order.js';
import { polyhedronShape } from '../geometry/shape.js';
import { domainShape } from '../geometry/record-fields.js';
import { invariance, type HPolytope, type InvariantAnswer } from '../invariant/invariant.js';
import { pointFromRationals, type Point } from '../kernel/intvec.js';
import { lcm, ratioToDouble, type Rational } from '../kernel/rational.js';
import { levelSet } from '../levelset/levelset.js';
import type { Network } from '../network/network.js';
import { drawAxes, toPx } from './axes.js';
import { clipPolygon } from './clip.js';
import { OKABE_ITO, lighten } from './colors.js';
import { shortExact } from './format.js';
import { frameOf, pageLayout } from './layout.js';
import { drawLegend, type LegendItem } from './legend.js';
import { el, polygonPath, svgDocument, text } from './svg.js';

/** An exact convex piece as the tools write it: facets a·x <= b (integer strings) and a point inside. */
export interface ExactPiece {
  constraints: { a: string[]; b: string }[];
  witness: Rational[];
}

export interface BarrierSets {
  domain: Domain;
  S: ExactPiece[];
  C: ExactPiece[];
  /** c* and the pieces of {B <= c*} (absent: no level drawn). */
  level?: { value: Rational; closed: boolean; pieces: ExactPiece[] };
  unsafe?: HPolytope;
  initial?: HPolytope;
  /**
   * Points to mark (exact), e.g. a counterexample and its successor: `arrowTo` draws x → G(x);
   * the label goes above the point to its right (default), to its left (`left`, when there is
   * room), or under it (`below`).
   */
  marks?: { at: Rational[]; label: string; arrowTo?: Rational[]; color?: string; place?: 'left' | 'below' }[];
}

export interface BarrierPictureOptions {
  title: string;
  subtitle?: string[];
  axisNames: [string, string];
  width?: number;
  height?: number;
}

export const BARRIER_COLORS = {
  S: lighten(OKABE_ITO[5], 0.62),
  C: lighten(OKABE_ITO[0], 0.35),
  level: OKABE_ITO[2],
  unsafe: OKABE_ITO[3],
  initial: OKABE_ITO[1],
  mark: '#111111',
  levelPoint: OKABE_ITO[4],
};

/** The piece's vertices, counter-clockwise (exact). */
export function piecePolygon(piece: ExactPiece): Point[] {
  const facets = piece.constraints.map((c) => ({ a: c.a.map((v) => BigInt(v)), b: BigInt(c.b), source: null }));
  const shape = polyhedronShape(facets, 2, pointFromRationals(piece.witness));
  if (!shape.bounded) throw new InputError('barrier picture: an unbounded piece (give a bounded domain)');
  return generatorOrder(shape).points.map((i) => shape.points[i]);
}

/** polygon ∩ {A x <= b} exactly (null: no interior). */
function clipByPolytope(polygon: Point[], p: HPolytope): Point[] | null {
  let out: Point[] | null = polygon;
  p.A.forEach((row, i) => {
    if (out === null) return;
    let den = p.b[i].d;
    for (const v of row) den = lcm(den, v.d);
    // a·x − b <= 0, times den > 0
    out = clipPolygon(out, { a: row.map((v) => v.n * (den / v.d)), e: -p.b[i].n * (den / p.b[i].d) });
  });
  return out;
}

/** The picture (SVG) of the sets; every polygon is exact until it is turned into pixels. */
export function drawBarrierSets(sets: BarrierSets, o: BarrierPictureOptions): string {
  const shape = domainShape(sets.domain, 2);
  if (shape === null || !shape.bounded || shape.points.length === 0) throw new InputError('barrier picture: give a bounded 2-D domain');
  const domainPolygon = generatorOrder(shape).points.map((i) => shape.points[i]);
  const fx = (pt: Point) => ratioToDouble(pt.p[0], pt.q);
  const fy = (pt: Point) => ratioToDouble(pt.p[1], pt.q);
  const xs = domainPolygon.map(fx);
  const ys = domainPolygon.map(fy);
  const [xlo, xhi, ylo, yhi] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const [width, height] = [o.width ?? 960, o.height ?? 720];
  // equal scales only when the ranges are alike (states are often in different units)
  const alike = (xhi - xlo) / (yhi - ylo) <= 1.5 && (yhi - ylo) / (xhi - xlo) <= 1.5;
  const layout = pageLayout(width, height, { title: o.title, subtitle: o.subtitle ?? [] }, alike ? xhi - xlo : 0, alike ? yhi - ylo : 0);
  const frame = frameOf(layout.area, xlo, xhi, ylo, yhi);
  const px = (pt: Point) => toPx(frame, fx(pt), fy(pt));
  const at = (x: Rational[]) => toPx(frame, ratioToDouble(x[0].n, x[0].d), ratioToDouble(x[1].n, x[1].d));
  const inner: string[] = [];
  const legend: LegendItem[] = [];
  // one path per set: adjacent pieces filled together, each stroked in its own colour (no seams)
  const fillPieces = (pieces: ExactPiece[], fill: string, cls: string) => {
    const d = pieces.map((p) => polygonPath(piecePolygon(p).map(px))).join('');
    if (d !== '') inner.push(el('path', { class: cls, d, fill, stroke: fill, 'stroke-width': 0.7, 'stroke-linejoin': 'round' }));
  };
  inner.push(el('path', { d: polygonPath(domainPolygon.map(px)), fill: '#f4f4f4', stroke: 'none' }));
  legend.push({ kind: 'heading', label: 'Sets (exact polygons)' });
  legend.push({ kind: 'swatch', fill: '#f4f4f4', label: 'D outside S: B(x) > 0' });
  fillPieces(sets.S, BARRIER_COLORS.S, 'S');
  legend.push({ kind: 'swatch', fill: BARRIER_COLORS.S, label: `S = {B ≤ 0} (${sets.S.length} pieces)` });
  fillPieces(sets.C, BARRIER_COLORS.C, 'C');
  legend.push({ kind: 'swatch', fill: BARRIER_COLORS.C, label: `C = S ∩ {B(G(x)) ≤ B(x)} (${sets.C.length} pieces)` });
  if (sets.level) {
    // c* = 0: {B <= c*} is S itself, hatched over C so that C still shows
    const same = sets.level.value.n === 0n;
    if (same) {
      inner.push(el('defs', {}, el('pattern', { id: 'hatch-level', width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(-45)' }, el('path', { d: 'M0 0v8', stroke: BARRIER_COLORS.level, 'stroke-width': 2.4 }))));
      const d = sets.level.pieces.map((p) => polygonPath(piecePolygon(p).map(px))).join('');
      if (d !== '') inner.push(el('path', { class: 'level', d, fill: 'url(#hatch-level)', stroke: 'none' }));
    } else fillPieces(sets.level.pieces, BARRIER_COLORS.level, 'level');
    const c = shortExact(sets.level.value);
    legend.push({ kind: 'swatch', fill: same ? lighten(BARRIER_COLORS.level, 0.3) : BARRIER_COLORS.level, hatch: same, label: `{B ≤ c*}, c* = ${c}${same ? ': all of S (hatched)' : ''} (${sets.level.pieces.length} pieces)` });
    legend.push({ kind: 'note', label: sets.level.closed ? '{B ≤ c*} is certified forward invariant' : `{B < c*} is certified forward invariant (a bad point has B = c*)` });
  }
  const outline = (poly: Point[] | null, color: string, cls: string, hatch: boolean) => {
    if (poly === null) return false;
    const d = polygonPath(poly.map(px));
    if (hatch) {
      inner.push(el('defs', {}, el('pattern', { id: `hatch-${cls}`, width: 9, height: 9, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, el('path', { d: 'M0 0v9', stroke: color, 'stroke-width': 2.2 }))));
      inner.push(el('path', { class: cls, d, fill: `url(#hatch-${cls})`, 'fill-opacity': 0.75, stroke: 'none' }));
    }
    inner.push(el('path', { class: `${cls}-outline`, d, fill: 'none', stroke: color, 'stroke-width': 2.2, 'stroke-dasharray': hatch ? undefined : '7 4' }));
    return true;
  };
  if (sets.unsafe) {
    const shown = outline(clipByPolytope(domainPolygon, sets.unsafe), BARRIER_COLORS.unsafe, 'unsafe', true);
    legend.push({ kind: 'swatch', fill: lighten(BARRIER_COLORS.unsafe, 0.3), hatch: true, label: 'U: the unsafe set' });
    if (!shown) legend.push({ kind: 'note', label: 'U does not meet D' });
  }
  if (sets.initial) {
    outline(clipByPolytope(domainPolygon, sets.initial), BARRIER_COLORS.initial, 'initial', false);
    legend.push({ kind: 'line', stroke: BARRIER_COLORS.initial, width: 2.2, dash: '7 4', label: 'I: the initial set (outline)' });
  }
  const labels: string[] = [];
  for (const m of sets.marks ?? []) {
    const color = m.color ?? BARRIER_COLORS.mark;
    const [x, y] = at(m.at);
    if (m.arrowTo) {
      const [x2, y2] = at(m.arrowTo);
      const len = Math.hypot(x2 - x, y2 - y);
      if (len > 12) {
        // from the dot's edge to the open circle's edge
        const [ux, uy] = [(x2 - x) / len, (y2 - y) / len];
        inner.push(el('path', { d: `M${(x + 5 * ux).toFixed(2)} ${(y + 5 * uy).toFixed(2)}L${(x2 - 6 * ux).toFixed(2)} ${(y2 - 6 * uy).toFixed(2)}`, stroke: color, 'stroke-width': 1.6, 'marker-end': 'url(#arrow)' }));
      }
      inner.push(el('circle', { cx: x2, cy: y2, r: 4.5, fill: '#ffffff', stroke: color, 'stroke-width': 1.8 }));
    }
    inner.push(el('circle', { cx: x, cy: y, r: 4.5, fill: color, stroke: '#ffffff', 'stroke-width': 1.2 }));
    // to the left when asked and there is room (about 7.6 px per character), else to the right
    const left = m.place === 'left' && x - 9 - 7.6 * m.label.length >= frame.x;
    labels.push(text(left ? x - 9 : x + 9, m.place === 'below' ? y + 18 : y - 7, m.label, { 'font-size': 13, 'font-weight': 'bold', fill: '#111111', stroke: '#ffffff', 'stroke-width': 3.5, 'paint-order': 'stroke', 'text-anchor': left ? 'end' : 'start' }));
  }
  if ((sets.marks ?? []).length > 0) {
    legend.push({ kind: 'heading', label: 'Points (exact)' });
    for (const m of sets.marks!) {
      legend.push({ kind: 'marker', fill: m.color ?? BARRIER_COLORS.mark, label: m.label });
      if (m.arrowTo) legend.push({ kind: 'marker', fill: '#ffffff', stroke: m.color ?? BARRIER_COLORS.mark, label: 'its successor G(x), outside S (the arrow)' });
    }
  }
  const defs = [
    el('clipPath', { id: 'plot-area' }, el('rect', { x: frame.x, y: frame.y, width: frame.w, height: frame.h })),
    el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, el('path', { d: 'M0 0L10 5L0 10z', fill: BARRIER_COLORS.mark })),
  ];
  const body = [...layout.header, el('g', { 'clip-path': 'url(#plot-area)' }, ...inner), ...labels];
  body.push(el('path', { d: polygonPath(domainPolygon.map(px)), fill: 'none', stroke: '#222222', 'stroke-width': 1.2 }));
  body.push(...drawAxes(frame, o.axisNames[0], o.axisNames[1]));
  body.push(...drawLegend(layout.legend.x, layout.legend.y, layout.legend.w, legend).svg);
  return svgDocument(width, height, defs, body, [o.title, ...(o.subtitle ?? [])].join(' — '));
}

type Polytope = { A: ExactInput[][]; b: ExactInput[] };
const toPolytope = (p: Polytope | undefined, place: string): HPolytope | undefined =>
  p === undefined ? undefined : { A: p.A.map((row, i) => toRationals(row, `${place}.A[${i}]`)), b: toRationals(p.b, `${place}.b`, p.A.length) };

/**
 * Runs the exact tools for the picture: S and {B <= c*} by levelSet, C and c* by invariance (with
 * the unsafe and initial questions when given). Inputs in any form the library accepts (networks
 * as JSON objects, box specs, exact numbers). Returns the sets and invariance's answer.
 */
export async function barrierSets(
  barrierInput: NetworkInput | Network,
  dynamicsInput: NetworkInput | Network,
  domainInput: DomainInput | Domain,
  o: { unsafe?: Polytope; initial?: Polytope } = {},
): Promise<{ sets: BarrierSets; answer: InvariantAnswer }> {
  const barrier = toNetwork(barrierInput, 'barrier');
  const dynamics = toNetwork(dynamicsInput, 'dynamics');
  if (barrier.inputSize !== 2) throw new InputError(`barrier picture: the barrier has ${barrier.inputSize} inputs, pictures need 2`);
  const domain = toDomain(domainInput, 2);
  const unsafe = toPolytope(o.unsafe, 'unsafe');
  const initial = toPolytope(o.initial, 'initial');
  const C: ExactPiece[] = [];
  const answer = await invariance(barrier, dynamics, domain, { unsafe, initial, level: true, onPiece: (p) => C.push(p) });
  const sub = async (value: Rational) => {
    const pieces: ExactPiece[] = [];
    await levelSet(barrier, [{ n: 1n, d: 1n }], 'le', value, domain, { onPiece: (p) => pieces.push(p) });
    return pieces;
  };
  const S = await sub({ n: 0n, d: 1n });
  const L = answer.level;
  const level = L && L.value !== null ? { value: L.value, closed: L.closed, pieces: await sub(L.value) } : undefined;
  const marks: BarrierSets['marks'] = [];
  if (answer.counterexample) marks.push({ at: answer.counterexample.x, label: 'counterexample x', arrowTo: answer.counterexample.G, place: 'left' });
  if (L?.point && L.value !== null && L.value.n !== 0n) marks.push({ at: L.point.x, label: 'B = c* on the bad set', color: BARRIER_COLORS.levelPoint, place: 'below' });
  return { sets: { domain, S, C, ...(level ? { level } : {}), ...(unsafe ? { unsafe } : {}), ...(initial ? { initial } : {}), marks }, answer };
}
