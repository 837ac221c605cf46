/**
 * Star subtrees of verdict certificates (format versions 3 and 4, verdict-format.ts) and their checker.
 * The exact pieces the star search (verify/star.ts) and this checker share are in star-exact.ts.
 *
 * A star subtree proves that no point of its box [lo, hi] (free inputs) is unsafe. Its nodes are
 * cells: a polytope P = {x in [lo, hi] : rows} (split rows in primitive integer form, numbered
 * 2d, 2d+1, ... after the box rows x_i <= hi_i (row 2i) and −x_i <= −lo_i (row 2i+1), both times
 * the common denominator L of lo and hi), a ReLU layer k with its exact pre-activation map on P
 * (layers before k composed under the decided bits, `compose`), and per neuron of layer k:
 * decided (active h >= 0 or inactive h <= 0 on P) or undecided with bounds l <= h <= u on P
 * (doubles, -Inf/+Inf at first), plus a bounding box [blo, bhi] of P (exact, at first [lo, hi]).
 * Lines, in preorder (the checker recomputes everything from the network):
 *   bbox    {p: [[i, dir, pairs], ...]}: dir = 1: x_i >= v, dir = -1: −x_i >= v over P, v the
 *           Neumaier–Shcherbina bound (`nsLower`) of ±x_i from the multipliers `pairs`
 *           ([row, y] with y a JSON double >= 0, row a split row); v is rounded outward to the
 *           grid 2^-40 and replaces the box side if tighter;
 *   bounds  {n: [[j, "l"|"u", pairs], ...]}: first, for every undecided neuron in order, the exact
 *           minimum (then, if still undecided, maximum) over [blo, bhi] of its affine h, then each
 *           listed bound from its pairs: l = max(l, lowerDouble(bound)) (u = min(u, upperDouble(bound)));
 *           a neuron with l >= 0 is decided active, with u <= 0 inactive;
 *   split   {neuron: j} (undecided): children P ∩ {h >= 0} (decided active, l = 0) then
 *           P ∩ {h <= 0} (decided inactive, u = 0), each adding the primitive row;
 *   cut     {input: i, at: "v"}: children P ∩ {x_i <= v} (its box side hi_i = min(hi_i, v)) then
 *           P ∩ {x_i >= v} (lo_i = max(lo_i, v)), each adding the primitive row;
 *   next    every neuron of layer k decided: go to layer k + 1 (fresh bounds);
 *   prune   {atoms: [j per disjunct], y: [pairs or null per disjunct]}: for each disjunct the
 *           atom's certified CROWN bound (certify/linear-bounds.ts, proven rounding, every unstable
 *           neuron of the later layers refined) on the network from layer k on, whose first layer
 *           is layer k's exact map, over [blo, bhi] with layer k's bounds (decided neurons: l = 0,
 *           resp. u = 0) gives Λ·(x − blo) + β <= atom on P; it
 *           is > 0 over the box (y null) or β + nsLower(Λ over P, pairs) − Λ·blo > 0 (exact).
 *           (Version 4) `tight: [[m, j, s, pairs], ...]`: in that CROWN pass, neuron j of layer
 *           m of the network from layer k on (m >= 1), still unstable after its refinement over
 *           the box, has s·z >= max(box bound, star-tight.ts polyLower(its backward bound, pairs)),
 *           a bound valid on P; neurons without an entry keep the box bound;
 *   empty   {farkas: [[row, "int"], ...]}: box rows and split rows have no common point;
 *   leaf    at the output (every ReLU decided): {farkas: [pairs per disjunct]}, integers over the
 *           box rows, split rows, then the disjunct's atoms on the exact output map.
 * Why it is a proof: each split's two closed children cover P; every bound is a valid bound on P
 * (nsLower holds for any y >= 0), so decided neurons are decided correctly and the CROWN relaxation
 * (valid for h in [l, u]) bounds the atom on P; Farkas proves emptiness.
 */
import { cmp, type Rational } from '../kernel/rational.js';
import { toIntegerLayers, type IntLayer } from '../network/integer-network.js';
import type { Network } from '../network/network.js';
import { combineRows, fail, isIndex, num, type Row } from './checker.js';
import type { LinearBound, Objective } from './linear-bounds.js';
import { polyFrame, polyLower, readTight } from './star-tight.js';
import { inputPartMin } from './prune-decider.js';
import type { AffineAtom } from './verdict-format.js';

import { type ExactMap, type ExactBox, boxRows, identity, compose, applyBits, splitRows, cutRows, nsLower, readPairs, bboxSide, boxMin, lowerDouble, upperDouble, atomObjective, cellBounds, polytopeBound, atomRow, sgn } from './star-exact.js';

/** One cell's state, as the checker tracks it. */
interface State {
  rows: Row[];
  k: number;
  pre: ExactMap;
  fixed: Int8Array;
  l: Float64Array;
  u: Float64Array;
  blo: Rational[];
  bhi: Rational[];
}

/** The checker of one star subtree (lines after a `star` node of the box tree). */
export class StarTreeChecker {
  private readonly layers: IntLayer[];
  private readonly d: number;
  private readonly base: Row[];
  private readonly pending: State[] = [];
  /** cells: the tree's terminal cells (pruned, empty or leaf), as the search counts them. */
  readonly counts = { cells: 0, pruned: 0, empty: 0, leaves: 0 };

  /** `net`: the network of the free inputs; `atoms`: the disjuncts over the free inputs (pinned ones folded in). */
  constructor(
    private readonly net: Network,
    private readonly atoms: AffineAtom[][],
    private readonly box: ExactBox,
    /** The certificate's format version (4: prune lines may carry `tight`). */
    private readonly version = 3,
  ) {
    this.layers = toIntegerLayers(net);
    this.d = net.inputSize;
    if (this.layers.slice(0, -1).some((l) => !l.relu)) fail('star: linear hidden layers are not supported');
    this.base = boxRows(box);
    this.pending.push(this.fresh([], 0, compose(this.layers[0], identity(this.d), this.d, null), box.lo.slice(), box.hi.slice()));
  }

  private fresh(rows: Row[], k: number, pre: ExactMap, blo: Rational[], bhi: Rational[]): State {
    const n = k < this.layers.length ? this.layers[k].W.length : 0;
    return { rows, k, pre, fixed: new Int8Array(n).fill(-1), l: new Float64Array(n).fill(-Infinity), u: new Float64Array(n).fill(Infinity), blo, bhi };
  }

  /** The state is at the output: every ReLU decided. */
  private atOutput(s: State): boolean {
    return s.k === this.layers.length || (s.k === this.layers.length - 1 && !this.layers[s.k].relu);
  }

  /** Feeds one line; true when the subtree is complete. */
  step(v: Record<string, unknown>): boolean {
    const s = this.pending[this.pending.length - 1];
    if (!s) return fail('star: a line after the complete star tree');
    const d = this.d;
    switch (v.t) {
      case 'bbox': {
        if (!Array.isArray(v.p)) fail('bbox: p must be an array');
        for (const side of v.p as unknown[]) {
          if (!Array.isArray(side) || side.length !== 3) fail('bbox: each side is [input, dir, pairs]');
          const [i, dir, p] = side as [unknown, unknown, unknown];
          if (!isIndex(i) || i >= d) fail(`bbox: input ${JSON.stringify(i)}`);
          if (dir !== 1 && dir !== -1) fail('bbox: dir must be 1 or -1');
          const c = new Array<bigint>(d).fill(0n);
          c[i as number] = BigInt(dir as number);
          const t = bboxSide(nsLower(this.box, s.rows, c, 1n, readPairs(p, s.rows.length, 'bbox')), dir as 1 | -1);
          if (dir === 1 && cmp(t, s.blo[i as number]) > 0) s.blo[i as number] = t;
          if (dir === -1 && cmp(t, s.bhi[i as number]) < 0) s.bhi[i as number] = t;
        }
        return false;
      }
      case 'bounds': {
        if (this.atOutput(s)) fail('bounds: the cell is at the output');
        if (!Array.isArray(v.n)) fail('bounds: n must be an array');
        const { pre, fixed, l, u } = s;
        for (let j = 0; j < fixed.length; j++) {
          if (fixed[j] >= 0) continue;
          l[j] = Math.max(l[j], lowerDouble(boxMin(pre.M[j], pre.c[j], pre.den, s.blo, s.bhi, 1n)));
          if (l[j] >= 0) {
            fixed[j] = 1;
            continue;
          }
          u[j] = Math.min(u[j], upperDouble(neg(boxMin(pre.M[j], pre.c[j], pre.den, s.blo, s.bhi, -1n))));
          if (u[j] <= 0) fixed[j] = 0;
        }
        for (const entry of v.n as unknown[]) {
          if (!Array.isArray(entry) || entry.length !== 3) fail('bounds: each entry is [neuron, "l"|"u", pairs]');
          const [j, side, p] = entry as [unknown, unknown, unknown];
          if (!isIndex(j) || j >= fixed.length) fail(`bounds: neuron ${JSON.stringify(j)}`);
          if (fixed[j as number] >= 0) fail(`bounds: neuron ${j} is already decided`);
          const pairs = readPairs(p, s.rows.length, 'bounds');
          const g = pre.M[j as number];
          const e = pre.c[j as number];
          if (side === 'l') {
            const ns = nsLower(this.box, s.rows, g, pre.den, pairs);
            l[j as number] = Math.max(l[j as number], lowerDouble({ n: ns.n * pre.den + e * ns.d, d: ns.d * pre.den }));
            if (l[j as number] >= 0) fixed[j as number] = 1;
          } else if (side === 'u') {
            const ns = nsLower(this.box, s.rows, g.map((x) => -x), pre.den, pairs);
            u[j as number] = Math.min(u[j as number], upperDouble({ n: e * ns.d - ns.n * pre.den, d: ns.d * pre.den }));
            if (u[j as number] <= 0) fixed[j as number] = 0;
          } else fail('bounds: side must be "l" or "u"');
        }
        return false;
      }
      case 'split': {
        if (this.atOutput(s)) fail('split: the cell is at the output');
        const j = v.neuron;
        if (!isIndex(j) || j >= s.fixed.length) fail(`split: neuron ${JSON.stringify(j)}`);
        if (s.fixed[j as number] >= 0) fail(`split: neuron ${j} is already decided`);
        const { active, inactive } = splitRows(s.pre.M[j as number], s.pre.c[j as number]);
        this.pending.pop();
        const child = (row: Row, bit: 0 | 1): State => {
          const c: State = { ...s, rows: [...s.rows, row], fixed: s.fixed.slice(), l: s.l.slice(), u: s.u.slice(), blo: s.blo.slice(), bhi: s.bhi.slice() };
          c.fixed[j as number] = bit;
          if (bit) c.l[j as number] = 0;
          else c.u[j as number] = 0;
          return c;
        };
        this.pending.push(child(inactive, 0), child(active, 1)); // the active child first
        return false;
      }
      case 'cut': {
        if (this.atOutput(s)) fail('cut: the cell is at the output');
        const i = v.input;
        if (!isIndex(i) || i >= d) fail(`cut: input ${JSON.stringify(i)}`);
        const at = num(v.at, 'cut: at');
        const { lower, upper } = cutRows(i as number, at, d);
        this.pending.pop();
        const child = (row: Row, up: boolean): State => {
          const c: State = { ...s, rows: [...s.rows, row], fixed: s.fixed.slice(), l: s.l.slice(), u: s.u.slice(), blo: s.blo.slice(), bhi: s.bhi.slice() };
          if (up && cmp(at, c.blo[i as number]) > 0) c.blo[i as number] = at;
          if (!up && cmp(at, c.bhi[i as number]) < 0) c.bhi[i as number] = at;
          return c;
        };
        this.pending.push(child(upper, true), child(lower, false)); // the lower child first
        return false;
      }
      case 'next': {
        if (this.atOutput(s)) fail('next: the cell is at the output');
        const open = s.fixed.findIndex((f) => f < 0);
        if (open >= 0) fail(`next: neuron ${open} of layer ${s.k} is undecided`);
        const bits = Uint8Array.from(s.fixed);
        const k = s.k + 1;
        const pre = k === this.layers.length ? applyBits(s.pre, bits) : compose(this.layers[k], s.pre, d, bits);
        this.pending[this.pending.length - 1] = this.fresh(s.rows, k, pre, s.blo, s.bhi);
        return false;
      }
      case 'prune': {
        if (this.atOutput(s)) fail('prune: the cell is at the output (use leaf)');
        const atoms = v.atoms;
        const ys = v.y;
        if (!Array.isArray(atoms) || atoms.length !== this.atoms.length) fail(`prune: atoms must name one atom per disjunct (${this.atoms.length})`);
        if (!Array.isArray(ys) || ys.length !== this.atoms.length) fail('prune: y must have one entry per disjunct');
        const objectives: Objective[] = [];
        const which: number[] = [];
        (atoms as unknown[]).forEach((j, k) => {
          if (!isIndex(j) || j >= this.atoms[k].length) fail(`prune: disjunct ${k} has no atom ${JSON.stringify(j)}`);
          const o = atomObjective(this.atoms[k][j as number], s.blo, s.bhi);
          if (o === null) {
            if (sgn(inputPartMin(this.atoms[k][j as number], s.blo, s.bhi)) <= 0) fail(`prune: disjunct ${k}: the atom's minimum over the box is not > 0`);
            which.push(-1);
          } else {
            which.push(objectives.length);
            objectives.push(o);
          }
        });
        // (version 4) refined neurons tightened over P with the given multipliers (star-tight.ts)
        if (v.tight !== undefined && this.version < 4) fail('prune: tight bounds need format version 4');
        const tight = readTight(v.tight, s.rows.length);
        let tighten: ((m: number, j: number, sg: 1 | -1, b: LinearBound) => number) | undefined;
        if (tight.size > 0) {
          const frame = polyFrame(s.rows, s.blo, s.bhi);
          tighten = (m, j, sg, b) => {
            const p = tight.get(`${m},${j},${sg}`);
            return p ? polyLower(frame, b, p) : -Infinity;
          };
        }
        const bounds = objectives.length > 0 ? cellBounds(this.net, s.pre, s.k, s.blo, s.bhi, s.l, s.u, objectives, tighten) : [];
        which.forEach((w, k) => {
          if (w < 0) return;
          const b = bounds[w];
          const y = (ys as unknown[])[k];
          if (y === null) {
            if (!(b.bound > 0)) fail(`prune: disjunct ${k}: the CROWN bound over the cell's box is ${b.bound}, not > 0`);
            return;
          }
          if (b.beta === undefined || !Number.isFinite(b.bound)) fail(`prune: disjunct ${k}: no finite CROWN bound`);
          const total = polytopeBound(this.box, s.rows, b, s.blo, readPairs(y, s.rows.length, 'prune'));
          if (sgn(total) <= 0) fail(`prune: disjunct ${k}: the bound over the cell is not > 0`);
        });
        this.counts.pruned++;
        return this.done();
      }
      case 'empty': {
        const rows = [...this.base, ...s.rows];
        const sum = combineRows(rows, v.farkas, d, { label: 'empty: farkas', integer: true, rowsAre: 'the cell has rows' });
        if (typeof sum === 'string') fail(`empty: ${sum}`);
        const r = sum as Exclude<typeof sum, string>;
        if (r.a.some((x) => x !== 0n) || r.b >= 0n) fail('empty: not a Farkas certificate (Σ y a != 0 or Σ y b >= 0)');
        this.counts.empty++;
        return this.done();
      }
      case 'leaf': {
        if (!this.atOutput(s)) fail(`leaf: layer ${s.k} is not the output`);
        const f = v.farkas;
        if (!Array.isArray(f) || f.length !== this.atoms.length) fail(`leaf: farkas must have one certificate per disjunct (${this.atoms.length})`);
        const rows = [...this.base, ...s.rows];
        this.atoms.forEach((conj, k) => {
          const all = [...rows, ...conj.map((a) => atomRow(a, s.pre))];
          const sum = combineRows(all, (f as unknown[])[k], d, { label: `leaf: disjunct ${k}`, integer: true, rowsAre: 'there are rows' });
          if (typeof sum === 'string') fail(`leaf: ${sum}`);
          const r = sum as Exclude<typeof sum, string>;
          if (r.a.some((x) => x !== 0n) || r.b >= 0n) fail(`leaf: disjunct ${k}: not a Farkas certificate`);
        });
        this.counts.leaves++;
        return this.done();
      }
      default:
        return fail(`star: unknown line ${JSON.stringify(v.t)} (expected bbox, bounds, split, cut, next, prune, empty or leaf)`);
    }
  }

  private done(): boolean {
    this.pending.pop();
    this.counts.cells++;
    return this.pending.length === 0;
  }
}

const neg = (r: Rational): Rational => ({ n: -r.n, d: r.d });
