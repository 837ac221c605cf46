/**
 * The independent checker of verdict certificates (verdict-format.ts). Exact arithmetic only;
 * it imports the rationals, the network (types, forward pass, input pinning), the enumeration
 * checker (for the split trees of enumerated boxes) and the exact box bound, nothing from the
 * verifier. The verifier decides its prunes with the same PruneDecider functions, so what it certifies is
 * exactly what this checker accepts.
 *
 * Why a valid unsat certificate proves the property. The bisect tree's leaves cover [lo, hi]
 * (each bisection's two closed halves cover its box). On a pruned leaf, every disjunct has an
 * atom whose left side has a lower bound > 0 on the box, so no point of the box is unsafe. On a
 * regions leaf the enumeration tree is valid (checker.ts), so its region closures cover the box,
 * f is the region's affine map on each closure, and the Farkas multipliers show that no point of
 * a closure satisfies a disjunct. A point leaf is evaluated exactly. A star leaf (version 3) is
 * followed by a star subtree, checked by verdict-star.ts's StarTreeChecker (why it proves its
 * box safe is stated there). A union node (version 4) replaces its box by listed boxes inside
 * it, each followed by its subtree, after checking that every disjunct's box of single-input
 * atoms lies in a listed box: a point of the node's box in no listed box satisfies no disjunct.
 */
import { add, cmp, lcm, mul, sign, sub, toString, ZERO, type Rational } from '../kernel/rational.js';
import { forward } from '../network/forward.js';
import { layerSizes, type Network } from '../network/network.js';
import { pinInputs, type PinnedNetwork } from '../network/pin-inputs.js';
import { PruneDecider } from './prune-decider.js';
import { atomBox, exactBox } from './star-exact.js';
import { StarTreeChecker } from './verdict-star.js';
import { CertificateChecker, combineRows, fail, feedFile, feedLines, LineChecker, parseLine, Invalid, isIndex, isObj, nums, num, primitive, type RegionContext, type Row } from './checker.js';
import { CERTIFICATE_FORMAT } from './format.js';
import { VERIFY_KIND, VERIFY_VERSIONS, type AffineAtom, type AffineProperty } from './verdict-format.js';
import type { StopOptions } from '../run-control.js';

export type VerdictCheckResult =
  | { valid: true; verdict: 'sat'; disjunct: number; seconds: number }
  | {
      valid: true;
      verdict: 'unsat';
      boxes: number;
      pruned: number;
      enumerated: number;
      regions: number;
      seconds: number;
      /** Star subtrees (version 3): their cells, pruned cells, linear pieces (leaves) and empty cells. */
      star?: { cells: number; pruned: number; leaves: number; empty: number };
    }
  | { valid: false; line: number; reason: string };

/** The first disjunct that holds at x (exact forward pass), or -1. */
function holdingDisjunct(net: Network, prop: AffineProperty, x: Rational[]): number {
  const y = forward(net, x).output;
  const value = (t: AffineAtom): Rational => {
    let s = t.k;
    t.c.forEach((c, o) => c.n !== 0n && (s = add(s, mul(c, y[o]))));
    t.a.forEach((a, i) => a.n !== 0n && (s = add(s, mul(a, x[i]))));
    return s;
  };
  return prop.unsafe.findIndex((conj) => conj.every((atom) => sign(value(atom)) <= 0));
}

function propertyFromJson(v: unknown, d: number, outputs: number): AffineProperty {
  if (!isObj(v)) return fail('header: property missing');
  const lo = nums(v.lo, d, 'header: property.lo');
  const hi = nums(v.hi, d, 'header: property.hi');
  lo.forEach((l, i) => cmp(l, hi[i]) > 0 && fail(`header: property box has lo > hi at input ${i}`));
  if (!Array.isArray(v.unsafe)) return fail('header: property.unsafe must be an array of disjuncts');
  const unsafe = (v.unsafe as unknown[]).map((conj, k) => {
    if (!Array.isArray(conj)) return fail(`header: disjunct ${k} must be an array of atoms`);
    return conj.map((atom, j): AffineAtom => {
      const place = `header: disjunct ${k}, atom ${j}`;
      if (!isObj(atom)) return fail(`${place}: expected {c, a, k}`);
      return { c: nums(atom.c, outputs, `${place}: c`), a: nums(atom.a, d, `${place}: a`), k: num(atom.k, `${place}: k`) };
    });
  });
  return { lo, hi, unsafe };
}

function sameProperty(p: AffineProperty, q: AffineProperty): boolean {
  const same = (x: Rational[], y: Rational[]) => x.length === y.length && x.every((v, i) => cmp(v, y[i]) === 0);
  return (
    same(p.lo, q.lo) &&
    same(p.hi, q.hi) &&
    p.unsafe.length === q.unsafe.length &&
    p.unsafe.every(
      (conj, k) => conj.length === q.unsafe[k].length && conj.every((a, j) => same(a.c, q.unsafe[k][j].c) && same(a.a, q.unsafe[k][j].a) && cmp(a.k, q.unsafe[k][j].k) === 0),
    )
  );
}

interface Box {
  lo: Rational[];
  hi: Rational[];
  parent?: Box;
}

/** A pruned leaf's bound to check elsewhere: the leaf's line, its box, the atoms it names. */
export interface PruneJob {
  line: number;
  lo: Rational[];
  hi: Rational[];
  atoms: unknown[];
  /** The ancestors whose neuron bounds are chained in, nearest first (the leaf's `prior`). */
  ancestors: { lo: Rational[]; hi: Rational[] }[];
}

export interface VerdictCheckOptions {
  /** Decide every pruned leaf by the exact bound alone, without the float filter (slower; no float touches the answer). */
  exactPrunes?: boolean;
}

export class VerdictChecker extends LineChecker<VerdictCheckResult> {
  private readonly d: number;
  private readonly outputs: number;
  /** The certificate's property (once the header is read). */
  prop: AffineProperty | null = null;
  private pinned: PinnedNetwork | null = null;
  private decider: PruneDecider | null = null;
  private state: 'header' | 'body' | 'tree' | 'footer' | 'done' = 'header';
  private verdict: 'sat' | 'unsat' | null = null;
  private disjunct = -1;
  private readonly pending: Box[] = [];
  private sub: CertificateChecker | null = null;
  private star: StarTreeChecker | null = null;
  private starCounts: { cells: number; pruned: number; leaves: number; empty: number } | null = null;
  private version = 0;
  private readonly counts = { boxes: 0, pruned: 0, enumerated: 0, regions: 0 };
  private readonly start = performance.now();

  /**
   * `deferPrune`: instead of checking a pruned leaf's bound here, hand it over (parallel.ts
   * checks them in worker threads and merges the failures by line).
   */
  constructor(
    private readonly net: Network,
    private readonly given: AffineProperty | null,
    private readonly deferPrune?: (job: PruneJob) => void,
    private readonly options: VerdictCheckOptions = {},
  ) {
    super();
    this.d = net.inputSize;
    this.outputs = net.layers[net.layers.length - 1].weights.length;
  }

  finish(): VerdictCheckResult {
    if (!this.failure && this.state !== 'done') {
      const what = { header: 'no header', body: 'no verdict', tree: 'the box tree is incomplete', footer: 'no footer' }[this.state];
      this.failure = { line: this.lineNo + 1, reason: `unexpected end of certificate: ${what}` };
    }
    if (this.failure) return { valid: false, ...this.failure };
    const seconds = (performance.now() - this.start) / 1000;
    if (this.verdict === 'sat') return { valid: true, verdict: 'sat', disjunct: this.disjunct, seconds };
    return this.starCounts ? { valid: true, verdict: 'unsat', ...this.counts, seconds, star: this.starCounts } : { valid: true, verdict: 'unsat', ...this.counts, seconds };
  }

  protected step(line: string): void {
    if (this.sub) return this.feedSub(line);
    const v = parseLine(line, this.state === 'done');
    if (!v) return;
    if (this.star) {
      if (this.star.step(v)) {
        const c = this.star.counts;
        const t = (this.starCounts ??= { cells: 0, pruned: 0, leaves: 0, empty: 0 });
        t.cells += c.cells;
        t.pruned += c.pruned;
        t.leaves += c.leaves;
        t.empty += c.empty;
        this.star = null;
        this.leafDone();
      }
      return;
    }
    switch (this.state) {
      case 'header':
        return this.header(v);
      case 'done':
        return fail('content after the footer');
      case 'footer':
        return this.footer(v);
      case 'body':
        if (v.t === 'counterexample') return this.counterexample(v);
        this.verdict = 'unsat';
        this.state = 'tree';
        this.pending.push({ lo: this.prop!.lo, hi: this.prop!.hi });
        return this.node(v);
      case 'tree':
        return this.node(v);
    }
  }

  private header(h: Record<string, unknown>): void {
    if (h.format !== CERTIFICATE_FORMAT) fail(`header: format is ${JSON.stringify(h.format)}, expected "${CERTIFICATE_FORMAT}"`);
    if (!VERIFY_VERSIONS.includes(h.version as number)) fail(`header: unsupported version ${JSON.stringify(h.version)} (this checker reads ${VERIFY_VERSIONS.slice(0, -1).join(', ')} and ${VERIFY_VERSIONS[VERIFY_VERSIONS.length - 1]})`);
    this.version = h.version as number;
    if (h.kind !== VERIFY_KIND) fail(`header: kind ${JSON.stringify(h.kind)}, expected "${VERIFY_KIND}"`);
    if (h.inputSize !== this.d) fail(`header: inputSize ${JSON.stringify(h.inputSize)}, the network has ${this.d}`);
    const sizes = layerSizes(this.net);
    if (JSON.stringify(h.layerSizes) !== JSON.stringify(sizes)) fail(`header: layerSizes ${JSON.stringify(h.layerSizes)}, the network has ${JSON.stringify(sizes)}`);
    const prop = propertyFromJson(h.property, this.d, this.outputs);
    if (this.given && !sameProperty(prop, this.given)) fail('header: the certificate is about another property than the given one');
    this.prop = prop;
    this.pinned = pinInputs(this.net, prop.lo.map((l, i) => cmp(l, prop.hi[i]) === 0), prop.lo);
    this.decider = new PruneDecider(this.pinned, prop, { exactOnly: this.options.exactPrunes });
    this.state = 'body';
  }

  private counterexample(v: Record<string, unknown>): void {
    const prop = this.prop!;
    const x = nums(v.x, this.d, 'counterexample: x');
    x.forEach((xi, i) => {
      if (cmp(xi, prop.lo[i]) < 0 || cmp(xi, prop.hi[i]) > 0) fail(`counterexample: x[${i}] = ${toString(xi)} is outside [${toString(prop.lo[i])}, ${toString(prop.hi[i])}]`);
    });
    const k = holdingDisjunct(this.net, prop, x);
    if (k < 0) fail('counterexample: the exact outputs at x satisfy no disjunct of the unsafe set');
    if (v.disjunct !== k) fail(`counterexample: says disjunct ${JSON.stringify(v.disjunct)}, the first one that holds is ${k}`);
    this.verdict = 'sat';
    this.disjunct = k;
    this.state = 'footer';
  }

  private node(v: Record<string, unknown>): void {
    const box = this.pending.pop();
    if (!box) return fail('a node after the complete box tree (expected the footer)');
    this.counts.boxes++;
    const prop = this.prop!;
    const pinned = this.pinned!;
    switch (v.t) {
      case 'bisect': {
        const i = v.input;
        if (!isIndex(i) || i >= this.d) fail(`bisect: input must be an index 0..${this.d - 1}`);
        const at = num(v.at, 'bisect: at');
        const [l, h] = [box.lo[i as number], box.hi[i as number]];
        if (cmp(l, at) >= 0 || cmp(at, h) >= 0) fail(`bisect: at ${toString(at)} is not strictly inside [${toString(l)}, ${toString(h)}] of input ${i}`);
        const replace = (xs: Rational[]) => xs.map((x, k) => (k === i ? at : x));
        if (v.first !== undefined && v.first !== 'lower' && v.first !== 'upper') fail('bisect: first must be "lower" or "upper"');
        const lower = { lo: box.lo, hi: replace(box.hi), parent: box };
        const upper = { lo: replace(box.lo), hi: box.hi, parent: box };
        if (v.first === 'upper') this.pending.push(lower, upper);
        else this.pending.push(upper, lower); // lower half first
        return;
      }
      case 'pruned': {
        if (!Array.isArray(v.atoms)) fail('pruned: atoms must be an array (one atom index per disjunct)');
        const atoms = v.atoms as number[];
        let k = 0; // ancestors whose exact bounds are chained in
        if (v.prior !== undefined) {
          if (!isIndex(v.prior) || v.prior < 1) fail('pruned: prior must be a number of ancestors >= 1');
          k = v.prior as number;
        }
        const ancestors: Box[] = [];
        for (let a = box.parent; ancestors.length < k; a = a.parent) {
          if (!a) return fail(`pruned: prior ${k} reaches above the root box`);
          ancestors.push(a);
        }
        if (this.deferPrune) this.deferPrune({ line: this.lineNo, lo: box.lo, hi: box.hi, atoms, ancestors: ancestors.map((a) => ({ lo: a.lo, hi: a.hi })) });
        else {
          const reason = this.decider!.failure(box, atoms, ancestors);
          if (reason) fail(`pruned: ${reason}`);
        }
        this.counts.pruned++;
        return this.leafDone();
      }
      case 'point': {
        const i = box.lo.findIndex((l, k) => cmp(l, box.hi[k]) !== 0);
        if (i >= 0) fail(`point: the box is not a single point (input ${i})`);
        if (holdingDisjunct(this.net, prop, box.lo) >= 0) fail('point: the point is unsafe');
        return this.leafDone();
      }
      case 'regions': {
        this.counts.enumerated++;
        const lo = pinned.free.map((k) => box.lo[k]);
        const hi = pinned.free.map((k) => box.hi[k]);
        const sub = new CertificateChecker(pinned.net, null, { firstLine: this.lineNo + 1, regionHook: (ctx) => this.farkas(ctx, box) });
        sub.beginTree({ kind: 'box', lo, hi });
        this.sub = sub;
        return;
      }
      case 'star': {
        if (this.version < 3) fail('star: star subtrees need format version 3');
        const lo = pinned.free.map((k) => box.lo[k]);
        const hi = pinned.free.map((k) => box.hi[k]);
        if (lo.length === 0) fail('star: every input is pinned (use point)');
        const atoms = prop.unsafe.map((conj) => conj.map((atom) => freeAtom(atom, pinned.free, box.lo)));
        this.star = new StarTreeChecker(pinned.net, atoms, exactBox(lo, hi), this.version);
        return;
      }
      case 'union': {
        // (version 4) the node's box replaced by listed boxes inside it, each followed by its
        // subtree: every disjunct's box of single-input atoms (atomBox) must lie in one of them,
        // so a point of the node's box in none of them satisfies no disjunct
        if (this.version < 4) fail('union: union nodes need format version 4');
        this.counts.boxes--; // (the node is not a box of the tree: its listed boxes are)
        if (!Array.isArray(v.boxes)) fail('union: boxes must be an array of {lo, hi}');
        const boxes = (v.boxes as unknown[]).map((b, m): Box => {
          if (!isObj(b)) return fail(`union: box ${m} must be {lo, hi}`);
          const lo = nums(b.lo, this.d, `union: box ${m} lo`);
          const hi = nums(b.hi, this.d, `union: box ${m} hi`);
          lo.forEach((l, i) => {
            if (cmp(box.lo[i], l) > 0 || cmp(l, hi[i]) > 0 || cmp(hi[i], box.hi[i]) > 0) fail(`union: box ${m} at input ${i} is not inside the node's box`);
          });
          return { lo, hi, parent: box };
        });
        prop.unsafe.forEach((conj, k) => {
          const b = atomBox(conj, box.lo, box.hi);
          if (b && !boxes.some((o) => b.lo.every((l, i) => cmp(o.lo[i], l) <= 0 && cmp(b.hi[i], o.hi[i]) <= 0))) fail(`union: the input box of disjunct ${k} lies in no listed box`);
        });
        for (let m = boxes.length - 1; m >= 0; m--) this.pending.push(boxes[m]); // the first listed box first
        if (boxes.length === 0) this.leafDone();
        return;
      }
      default:
        fail(`unknown node type ${JSON.stringify(v.t)} (expected bisect, pruned, regions, star, union or point)`);
    }
  }

  private feedSub(line: string): void {
    const sub = this.sub!;
    sub.feed(line);
    if (sub.failed) {
      const r = sub.finish();
      if (!r.valid) throw new Invalid(`in the region tree: ${r.reason}`, r.line);
    }
    if (sub.treeComplete) {
      this.counts.regions += sub.regionCount;
      this.sub = null;
      this.leafDone();
    }
  }

  /** The Farkas certificates of one region leaf: its closure meets no disjunct. */
  private farkas(ctx: RegionContext, box: Box): string | null {
    const prop = this.prop!;
    const pinned = this.pinned!;
    const f = ctx.leaf.farkas;
    if (!Array.isArray(f) || f.length !== prop.unsafe.length) return `farkas must list one certificate per disjunct (${prop.unsafe.length})`;
    for (let k = 0; k < prop.unsafe.length; k++) {
      const rows = [...ctx.rows, ...prop.unsafe[k].map((atom) => atomRow(atom, ctx, pinned, box))];
      const reason = farkasFailure(rows, f[k], pinned.free.length);
      if (reason) return `disjunct ${k}: ${reason}`;
    }
    return null;
  }

  private leafDone(): void {
    if (this.pending.length === 0) this.state = 'footer';
  }

  private footer(v: Record<string, unknown>): void {
    if (v.t !== 'end') fail(this.verdict === 'sat' ? 'expected the footer after the counterexample' : 'a node after the complete box tree (expected the footer)');
    if (v.verdict !== this.verdict) fail(`footer says verdict ${JSON.stringify(v.verdict)}, the certificate proves ${this.verdict}`);
    if (this.verdict === 'unsat') {
      for (const key of ['boxes', 'pruned', 'enumerated', 'regions'] as const) {
        if (v[key] !== this.counts[key]) fail(`footer says ${JSON.stringify(v[key])} ${key}, the tree has ${this.counts[key]}`);
      }
    }
    this.state = 'done';
  }
}

/** The atom over the free inputs, pinned inputs folded into the constant at `at`. */
function freeAtom(atom: AffineAtom, free: number[], at: Rational[]): AffineAtom {
  let k = atom.k;
  atom.a.forEach((ai, i) => {
    if (ai.n !== 0n && !free.includes(i)) k = add(k, mul(ai, at[i]));
  });
  return { c: atom.c, a: free.map((i) => atom.a[i]), k };
}

/**
 * An atom c·y + a·x + k <= 0 on a region whose map is y = (g·x + e)/den, over the free inputs
 * (pinned inputs folded into the constant), as a primitive integer row A·x <= B.
 */
function atomRow(atom: AffineAtom, ctx: RegionContext, pinned: PinnedNetwork, box: Box): Row {
  const { out, den } = ctx;
  let constant = atom.k;
  atom.a.forEach((ai, i) => {
    if (ai.n !== 0n && !pinned.free.includes(i)) constant = add(constant, mul(ai, box.lo[i]));
  });
  // over the common denominator L of c: c·y = Σ_o (cn_o/L)·(g_o·x + e_o)/den
  const L = atom.c.reduce((m, v) => lcm(m, v.d), 1n);
  const coef = pinned.free.map((i) => atom.a[i]);
  const gx = coef.map(() => 0n);
  let ge = 0n;
  atom.c.forEach((c, o) => {
    const w = c.n * (L / c.d);
    if (w === 0n) return;
    out[o].g.forEach((g, i) => (gx[i] += w * g));
    ge += w * out[o].e;
  });
  const a = coef.map((v, i) => add(v, { n: gx[i], d: L * den }));
  const b = sub(ZERO, add(constant, { n: ge, d: L * den }));
  return primitive(a, b);
}

/** Why y (pairs [row, y]) is not a Farkas certificate for the closed rows a·x <= b, or null. */
function farkasFailure(rows: Row[], pairs: unknown, d: number): string | null {
  const sum = combineRows(rows, pairs, d, { label: 'a Farkas certificate', integer: true, rowsAre: 'there are rows' });
  if (typeof sum === 'string') return sum;
  const k = sum.a.findIndex((s) => s !== 0n);
  if (k >= 0) return `Farkas: Σ y_i a_i != 0 (coordinate ${k})`;
  if (sum.b >= 0n) return `Farkas: Σ y_i b_i = ${sum.b} is not < 0`;
  return null;
}

export function checkVerdictCertificate(net: Network, given: AffineProperty | null, lines: Iterable<string>, options: VerdictCheckOptions = {}): VerdictCheckResult {
  return feedLines(new VerdictChecker(net, given, undefined, options), lines);
}

export async function checkVerdictCertificateFile(net: Network, given: AffineProperty | null, path: string, stop?: StopOptions, options: VerdictCheckOptions = {}): Promise<VerdictCheckResult> {
  return feedFile(new VerdictChecker(net, given, undefined, options), path, stop);
}
