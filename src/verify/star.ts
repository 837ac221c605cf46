/**
 * The star engine of `verify` (engine: 'star'): a neuron-splitting search in the manner of
 * nnenum's star sets, with a certificate (a star subtree, certify/verdict-star.ts).
 *
 * A cell is an input polytope P = {x in the property's box : a_r·x <= b_r} (split rows, exact
 * primitive integers), a ReLU layer index k, and the activation of every neuron of the layers
 * before k and of the already decided neurons of layer k. On P the pre-activations of layer k
 * are exactly affine in x. Processing a cell:
 *  0. after a split, P's bounding box is tightened by 2d LPs;
 *  1. each undecided neuron of layer k is bounded over P: exactly over the bounding box, then,
 *     if still crossing 0, by LPs over P whose float duals only propose multipliers; the bound is
 *     computed exactly from them (Neumaier–Shcherbina, verdict-star.ts nsLower, valid for any
 *     multipliers >= 0). A neuron with lower bound >= 0 is active on P, upper <= 0 inactive;
 *  2. when every neuron of layer k is decided, the cell moves to layer k + 1;
 *  3. else the cell is tested (star-prune.ts): certified CROWN bounds (certify/linear-bounds.ts,
 *     proven directed rounding) of the atoms on the network from layer k on, whose input layer is
 *     layer k's exact map with the bounds of step 1, the later layers' unstable neurons refined and
 *     tightened over P (certify/star-tight.ts), give per atom an affine lower bound
 *     Λ·(x − blo) + β valid on P; > 0 over the bounding box, or minimised over P exactly (nsLower
 *     with LP multipliers) > 0: if every disjunct has such an atom, the cell is pruned (else the
 *     LP's minimiser is handed to `probe`, a float attack from there);
 *  4. else the undecided neuron of layer k whose relaxation costs the weakest bound most
 *     (BaBSR-like: its coefficient times the relaxation's gap) is split: two cells, with rows
 *     h >= 0 (active, searched first) and h <= 0.
 * At the output the cell is one linear piece: one exact closed-feasibility decision per disjunct
 * (InteriorDecider: an exact point, confirmed by the exact forward pass, or a Farkas
 * certificate). A cell whose polytope the LP proposes empty is dropped only with an exact Farkas
 * certificate. No float decides anything; the certificate lines are written as the search goes.
 * `box` restricts the search to a box inside the property's (one box of a union, input-union.ts).
 */
import type { Row } from '../certify/checker.js';
import type { AffineAtom, AffineProperty } from '../certify/verdict-format.js';
import {
  applyBits,
  atomRow,
  bboxSide,
  boxMin,
  boxRows,
  compose,
  cutRows,
  exactBox,
  identity,
  lowerDouble,
  upperDouble,
  splitRows,
  type ExactMap,
  type Pairs,
} from '../certify/star-exact.js';
import { InputError } from '../errors.js';
import { add, cmp, mul, rat, toDouble, toString, type Rational } from '../kernel/rational.js';
import { denseFloatSimplex } from '../lp/dense-float-simplex.js';
import { InteriorDecider, newStats } from '../lp/interior.js';
import { toIntegerLayers } from '../network/integer-network.js';
import type { PinnedNetwork } from '../network/pin-inputs.js';
import type { Pacer } from '../run-control.js';
import { StarLp, starRow, type StarRow } from './star-lp.js';
import { pruneTest } from './star-prune.js';

export interface StarStats {
  cells: number;
  pruned: number;
  splits: number;
  leaves: number;
  empty: number;
  lps: number;
  crown: number;
  /** Input cuts (inputCutsFrom). */
  cuts: number;
  /** Neuron splits per ReLU layer. */
  splitsByLayer?: number[];
}

interface Cell {
  rows: StarRow[];
  k: number;
  pre: ExactMap;
  /** Layer k: -1 undecided, 0 inactive, 1 active on P. */
  fixed: Int8Array;
  l: Float64Array;
  u: Float64Array;
  blo: Rational[];
  bhi: Rational[];
  dirty: boolean;
}

export interface StarSearch {
  pinned: PinnedNetwork;
  prop: AffineProperty;
  /** The exact confirmation of a point of the free inputs: the violated disjunct, or null. */
  confirm: (xFree: Rational[]) => { x: Rational[]; y: Rational[]; disjunct: number } | null;
  /** Cut an input instead of splitting a neuron of layer >= this on a wide cell (chooseInput); undefined: never. */
  inputCutsFrom?: number;
  /** Receives the star subtree's lines (certify/verdict-star.ts). */
  emit: ((line: object) => void) | null;
  /**
   * Called every ATTACK_EVERY cells with the current cell's bounding box (full inputs): a float
   * attack there and elsewhere (verify-star.ts schedules it); a confirmed counterexample ends the search.
   */
  between?: (cellBox: { lo: Rational[]; hi: Rational[] }) => Hit | null;
  /** Called on a cell the prune test leaves open with the float LP's minimiser of its weakest bound (free inputs): a candidate counterexample. */
  probe?: (xFree: Float64Array, cellBox: { lo: Rational[]; hi: Rational[] }) => Hit | null;
  /** Tighten the prune test's intermediate bounds over the cell's polytope (star-prune.ts; default true). */
  tightBounds?: boolean;
  /** The box to search (full inputs, inside the property's box; pinned inputs as the property's); default the property's box. */
  box?: { lo: Rational[]; hi: Rational[] };
}

type Hit = { x: Rational[]; y: Rational[]; disjunct: number };

/** Cells between two calls of `between` (the attack during the search). */
const ATTACK_EVERY = 16;

/** The atom over the free inputs, pinned inputs folded into the constant at `at`. */
export function freeAtom(atom: AffineAtom, free: number[], at: Rational[]): AffineAtom {
  let k = atom.k;
  atom.a.forEach((ai, i) => {
    if (ai.n !== 0n && !free.includes(i)) k = add(k, mul(ai, at[i]));
  });
  return { c: atom.c, a: free.map((i) => atom.a[i]), k };
}

export async function starSearch(s: StarSearch, pacer: Pacer, stats: StarStats): Promise<{ kind: 'unsat' } | { kind: 'sat'; hit: Hit } | { kind: 'limit' }> {
  const { pinned, prop, emit } = s;
  const net = pinned.net;
  const d = net.inputSize;
  const layers = toIntegerLayers(net);
  if (layers.slice(0, -1).some((l) => !l.relu)) throw new InputError('verify --engine star: linear hidden layers are not supported');
  const root = s.box ?? prop;
  const box = exactBox(
    pinned.free.map((i) => root.lo[i]),
    pinned.free.map((i) => root.hi[i]),
  );
  const base = boxRows(box);
  const lp = new StarLp(box, stats);
  const decider = new InteriorDecider(d, denseFloatSimplex, newStats());
  const atoms = prop.unsafe.map((conj) => conj.map((a) => freeAtom(a, pinned.free, prop.lo)));
  const atOutput = (c: Cell) => c.k === layers.length || (c.k === layers.length - 1 && !layers[c.k].relu);

  const fresh = (k: number, pre: ExactMap, rows: StarRow[], blo: Rational[], bhi: Rational[]): Cell => {
    const n = k < layers.length ? layers[k].W.length : 0;
    return { rows, k, pre, fixed: new Int8Array(n).fill(-1), l: new Float64Array(n).fill(-Infinity), u: new Float64Array(n).fill(Infinity), blo, bhi, dirty: false };
  };
  const stack: Cell[] = [fresh(0, compose(layers[0], identity(d), d, null), [], box.lo.slice(), box.hi.slice())];
  while (stack.length > 0) {
    const cell = stack.pop()!;
    stats.cells++;
    if (s.between && stats.cells % ATTACK_EVERY === 0) {
      const hit = s.between({ lo: pinned.lift(cell.blo), hi: pinned.lift(cell.bhi) });
      if (hit) return { kind: 'sat', hit };
    }
    if (await pacer.tick()) return { kind: 'limit' };
    const out = await processCell(cell);
    if (out === 'limit') return { kind: 'limit' };
    if (out) return { kind: 'sat', hit: out };
  }
  return { kind: 'unsat' };

  async function processCell(cell: Cell): Promise<Hit | null | 'limit'> {
    for (;;) {
      if (atOutput(cell)) return leaf(cell);
      if (cell.dirty) {
        cell.dirty = false;
        if (boundingBox(cell) === 'empty') return null;
      }
      const st = decideLayer(cell);
      if (st === 'empty') return null;
      if (st === 'decided') {
        emit?.({ t: 'next' });
        const bits = Uint8Array.from(cell.fixed);
        const k = cell.k + 1;
        const pre = k === layers.length ? applyBits(cell.pre, bits) : compose(layers[k], cell.pre, d, bits);
        Object.assign(cell, fresh(k, pre, cell.rows, cell.blo, cell.bhi));
        continue;
      }
      stats.crown++;
      const test = pruneTest(net, box, lp, atoms, cell, s.tightBounds !== false);
      if (test.pruned) {
        stats.pruned++;
        emit?.(test.tight.length > 0 ? { t: 'prune', atoms: test.atoms, y: test.ys, tight: test.tight } : { t: 'prune', atoms: test.atoms, y: test.ys });
        return null;
      }
      if (s.probe && test.witness) {
        const hit = s.probe(test.witness, { lo: pinned.lift(cell.blo), hi: pinned.lift(cell.bhi) });
        if (hit) return hit;
      }
      // an input cut: at an input-only atom's threshold inside the cell's box (a property whose
      // input set is a union of boxes), else (inputCutsFrom) halving a side of the cell's box
      const atomCut = inputAtomCut(cell);
      const input = atomCut ? atomCut.input : chooseInput(cell, test.coef, test.lam0);
      if (input >= 0) {
        stats.cuts++;
        const at = atomCut ? atomCut.at : rat(cell.blo[input].n * cell.bhi[input].d + cell.bhi[input].n * cell.blo[input].d, 2n * cell.blo[input].d * cell.bhi[input].d);
        emit?.({ t: 'cut', input, at: toString(at) });
        const { lower, upper } = cutRows(input, at, d);
        const other: Cell = { ...cell, rows: [...cell.rows, starRow(upper)], fixed: cell.fixed.slice(), l: cell.l.slice(), u: cell.u.slice(), blo: cell.blo.slice(), bhi: cell.bhi.slice(), dirty: true };
        if (cmp(at, other.blo[input]) > 0) other.blo[input] = at; // as the checker does
        stack.push(other);
        cell.rows = [...cell.rows, starRow(lower)];
        cell.bhi = cell.bhi.slice();
        if (cmp(at, cell.bhi[input]) < 0) cell.bhi[input] = at;
        cell.dirty = true;
        if (await pacer.tick()) return 'limit';
        continue;
      }
      const j = chooseNeuron(cell, test.lam0);
      stats.splits++;
      (stats.splitsByLayer ??= layers.map(() => 0))[cell.k]++;
      emit?.({ t: 'split', neuron: j });
      const { active, inactive } = splitRows(cell.pre.M[j], cell.pre.c[j]);
      const other: Cell = { ...cell, rows: [...cell.rows, starRow(inactive)], fixed: cell.fixed.slice(), l: cell.l.slice(), u: cell.u.slice(), blo: cell.blo.slice(), bhi: cell.bhi.slice(), dirty: true };
      other.fixed[j] = 0;
      other.u[j] = 0;
      stack.push(other);
      cell.rows = [...cell.rows, starRow(active)];
      cell.fixed = cell.fixed.slice();
      cell.fixed[j] = 1;
      cell.l = cell.l.slice();
      cell.l[j] = 0;
      cell.dirty = true;
      if (await pacer.tick()) return 'limit';
    }
  }

  /** Exact emptiness by a Farkas certificate (written as an `empty` line); false if P is not empty. */
  function confirmEmpty(cell: Cell): boolean {
    const res = decider.feasibleClosed([...base, ...cell.rows]);
    if (res.kind !== 'infeasible') return false;
    stats.empty++;
    emit?.({ t: 'empty', farkas: pairsOf(res.y) });
    return true;
  }

  /** Tightens the bounding box by 2d LPs; the `bbox` line. */
  function boundingBox(cell: Cell): 'empty' | void {
    const sides: [number, 1 | -1, Pairs][] = [];
    for (let i = 0; i < d; i++) {
      for (const dir of [1, -1] as const) {
        const c = new Array<bigint>(d).fill(0n);
        c[i] = BigInt(dir);
        const v = lp.minimize(cell.rows, c, 1n);
        if (v === 'empty') {
          if (confirmEmpty(cell)) return 'empty';
          continue;
        }
        sides.push([i, dir, v.pairs]);
        const t = bboxSide(v.bound, dir);
        if (dir === 1 && cmp(t, cell.blo[i]) > 0) cell.blo[i] = t;
        if (dir === -1 && cmp(t, cell.bhi[i]) < 0) cell.bhi[i] = t;
      }
    }
    emit?.({ t: 'bbox', p: sides });
  }

  /** Decides what it can of layer k on P (the `bounds` line); 'decided' when nothing is left. */
  function decideLayer(cell: Cell): 'decided' | 'open' | 'empty' {
    const { pre, fixed, l, u } = cell;
    const D = pre.den;
    // pass 1: exact over the bounding box (the checker repeats it on every bounds line)
    for (let j = 0; j < fixed.length; j++) {
      if (fixed[j] >= 0) continue;
      l[j] = Math.max(l[j], lowerDouble(boxMin(pre.M[j], pre.c[j], D, cell.blo, cell.bhi, 1n)));
      if (l[j] >= 0) {
        fixed[j] = 1;
        continue;
      }
      const m = boxMin(pre.M[j], pre.c[j], D, cell.blo, cell.bhi, -1n);
      u[j] = Math.min(u[j], upperDouble({ n: -m.n, d: m.d }));
      if (u[j] <= 0) fixed[j] = 0;
    }
    // pass 2: LPs over P
    const entries: [number, 'l' | 'u', Pairs][] = [];
    let open = 0;
    if (cell.rows.length > 0) {
      for (let j = 0; j < fixed.length; j++) {
        if (fixed[j] >= 0) continue;
        const g = pre.M[j];
        const e = pre.c[j];
        const lo = lp.minimize(cell.rows, g, D);
        if (lo === 'empty') {
          if (confirmEmpty(cell)) return 'empty';
          open++;
          continue;
        }
        entries.push([j, 'l', lo.pairs]);
        l[j] = Math.max(l[j], lowerDouble({ n: lo.bound.n * D + e * lo.bound.d, d: lo.bound.d * D }));
        if (l[j] >= 0) {
          fixed[j] = 1;
          continue;
        }
        const hi = lp.minimize(
          cell.rows,
          g.map((v) => -v),
          D,
        );
        if (hi === 'empty') {
          if (confirmEmpty(cell)) return 'empty';
          open++;
          continue;
        }
        entries.push([j, 'u', hi.pairs]);
        u[j] = Math.min(u[j], upperDouble({ n: e * hi.bound.d - hi.bound.n * D, d: hi.bound.d * D }));
        if (u[j] <= 0) {
          fixed[j] = 0;
          continue;
        }
        open++;
      }
    } else open = fixed.filter((f) => f < 0).length;
    emit?.({ t: 'bounds', n: entries });
    return open === 0 ? 'decided' : 'open';
  }

  /**
   * An input to cut instead of a neuron split, or -1 (heuristic, `inputCutsFrom`): when layer k
   * is deep (k >= inputCutsFrom) and the cell's box is still wide (some side
   * above 1/8 of the property's), the input with the largest |slope| × side, among the sides at
   * least half as wide (relative) as the widest, as the box engine does.
   */
  function chooseInput(cell: Cell, coef?: Float64Array, lam0?: Float64Array): number {
    if (s.inputCutsFrom === undefined || !coef || cell.k < s.inputCutsFrom) return -1;
    void lam0;
    const rel = cell.blo.map((l, i) => {
      const full = toDouble(box.hi[i]) - toDouble(box.lo[i]);
      return full > 0 ? (toDouble(cell.bhi[i]) - toDouble(l)) / full : 0;
    });
    const widest = Math.max(...rel);
    if (!(widest > 1 / 8)) return -1;
    let best = -1;
    let top = -1;
    rel.forEach((r, i) => {
      const sc = Math.abs(coef[i]) * (toDouble(cell.bhi[i]) - toDouble(cell.blo[i]));
      if (r > 0 && r * 2 >= widest && sc > top) {
        top = sc;
        best = i;
      }
    });
    return best;
  }

  /**
   * An atom without output terms on one input, a_i·x_i + k <= 0, whose threshold −k/a_i lies
   * strictly inside the cell's box side: cutting there decides the atom on both children.
   */
  function inputAtomCut(cell: Cell): { input: number; at: Rational } | null {
    for (const conj of atoms) {
      for (const atom of conj) {
        if (atom.c.some((v) => v.n !== 0n)) continue;
        const nz = atom.a.flatMap((v, i) => (v.n !== 0n ? [i] : []));
        if (nz.length !== 1) continue;
        const i = nz[0];
        const at = rat(-atom.k.n * atom.a[i].d, atom.k.d * atom.a[i].n);
        if (cmp(cell.blo[i], at) < 0 && cmp(at, cell.bhi[i]) < 0) return { input: i, at };
      }
    }
    return null;
  }

  function chooseNeuron(cell: Cell, lam0?: Float64Array): number {
    let best = -1;
    let score = -1;
    for (let j = 0; j < cell.fixed.length; j++) {
      if (cell.fixed[j] >= 0) continue;
      const l = cell.l[j];
      const u = cell.u[j];
      let sc = 1e-9 * Math.min(-l, u);
      if (lam0) {
        // the cost of neuron j's relaxation in the weakest bound (BaBSR-like)
        const v = lam0[j];
        sc += v < 0 ? -v * ((u * -l) / (u - l)) : v * Math.min(-l, u) * 0.5;
      }
      if (sc > score) {
        score = sc;
        best = j;
      }
    }
    if (best < 0) throw new Error('star: internal error: no neuron to split');
    return best;
  }

  async function leaf(cell: Cell): Promise<Hit | null> {
    stats.leaves++;
    const rows: Row[] = [...base, ...cell.rows];
    const farkas: [number, string][][] = [];
    for (let k = 0; k < atoms.length; k++) {
      const res = decider.feasibleClosed([...rows, ...atoms[k].map((atom) => atomRow(atom, cell.pre))]);
      stats.lps++;
      if (res.kind === 'feasible') {
        const hit = s.confirm(res.point.p.map((v) => rat(v, res.point.q)));
        if (!hit) throw new Error('star: internal error: an exact counterexample fails the exact forward pass');
        return hit;
      }
      farkas.push(pairsOf(res.y));
    }
    emit?.({ t: 'leaf', farkas });
    return null;
  }
}

function pairsOf(y: bigint[]): [number, string][] {
  const pairs: [number, string][] = [];
  y.forEach((v, i) => v !== 0n && pairs.push([i, v.toString()]));
  return pairs;
}
