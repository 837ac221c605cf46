/**
 * The independent certificate checker (format v1, see format.ts). Exact arithmetic only (BigInt
 * integers and rationals): no floats, no LP, and nothing from the enumerator. It imports the
 * rationals, the network types and forward pass, the domain parser and the format's constants,
 * and recomputes everything else. Compositions of layers are integers over one common denominator
 * per layer (exact, and free of the gcds that reducing every rational would cost).
 *
 * CertificateChecker is a streaming state machine fed one line at a time (feed, then finish), so
 * memory is O(tree depth): the stack holds the nodes on the current root-to-node path, each with
 * its pre-activation h and the inputs of its layer (shared by the neurons of one layer).
 *
 * Why a valid certificate proves the enumeration complete. Every node stands for the closed
 * polyhedron P of its path (the domain, and h >= 0 or h <= 0 for each split above it). The root
 * is the domain; a split's two children are P ∩ {h >= 0} and P ∩ {h <= 0}, which cover P; a const
 * node's single child is P itself. So the leaves' closed polyhedra cover the domain. An empty
 * leaf's strict system has no solution (Motzkin: a solution x would give 0 = Σ y_i a_i·x <
 * Σ y_i b_i <= 0), so its polyhedron has empty interior (every row has a != 0: zero domain rows are
 * dropped and split rows have g != 0), and the region leaves' closed polyhedra, a closed set
 * covering the domain up to finitely many sets with empty interior, cover the whole (full-
 * dimensional) domain. On a region leaf's open polyhedron every ReLU neuron has a fixed sign
 * (strict split rows, constant const nodes), so the network is the stated affine map there; the
 * witness shows it is non-empty, and two leaves' open polyhedra are disjoint (they lie on
 * opposite strict sides of the split where their paths part).
 */
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { eq, gcd, lcm, parseRational, rat, sign, toString, type Rational } from '../kernel/rational.js';
import { forward } from '../network/forward.js';
import { layerSizes, type Network } from '../network/network.js';
import { domainConstraints, domainToJson, parseDomainJson, type Domain } from '../domain/domain.js';
import { CERTIFICATE_FORMAT, CERTIFICATE_VERSION } from './format.js';
import { Pacer, StoppedError, type StopOptions } from '../run-control.js';

export type CheckResult =
  | { valid: true; regions: number; emptyLeaves: number; splits: number; constants: number; seconds: number; domain: unknown }
  | { valid: false; line: number; reason: string };

/** x ↦ (g·x + e) / den: integers, den > 0, not reduced (compared by cross-multiplication) */
interface Affine {
  g: bigint[];
  e: bigint;
  den: bigint;
}
/** The inputs of a layer on a path: affine functions of x over one common denominator. */
interface Inputs {
  v: { g: bigint[]; e: bigint }[];
  den: bigint;
}
/** A layer over its common denominator D: weights W/D, bias b/D. */
interface IntLayer {
  W: bigint[][];
  b: bigint[];
  D: bigint;
}
/** a·x < b in primitive integer form */
export interface Row {
  a: bigint[];
  b: bigint;
}

/** A split or const node on the current path. */
interface Frame {
  line: number;
  kind: 'split' | 'const';
  k: number; // position in the network order of ReLU neurons
  layer: number;
  neuron: number;
  inputs: Inputs; // the inputs of its layer on this path
  h: Affine; // its pre-activation on this node (const: g = 0)
  row: Row | null; // split: primitive form (G, E) of (g, e); active row (−G, E), inactive (G, −E)
  bit: 0 | 1; // the side of the child being read
  remaining: number; // children not yet complete
}

/**
 * What a region leaf gives to a hook (verdict certificates add proofs to region leaves): the
 * node's rows in certificate numbering (strict a·x < b; their closures a·x <= b), and the exact
 * output map y = (g·x + e)/den per output, both already checked.
 */
export interface RegionContext {
  name: string;
  rows: Row[];
  out: { g: bigint[]; e: bigint }[];
  den: bigint;
  leaf: Record<string, unknown>;
}

export interface CheckerOptions {
  /** The header's expected kind (default "enumeration"); range certificates reuse the split tree. */
  kind?: string;
  /** Called after the header is checked, with the header; returns the reason if its extra fields fail. */
  headerHook?: (header: Record<string, unknown>) => string | null;
  /** Called after a region leaf is checked; returns the reason if the leaf's extra proof fails. */
  regionHook?: (ctx: RegionContext) => string | null;
  /**
   * Called after the footer's counts are checked, with the footer and the domain's rows (primitive,
   * closed: a·x <= b); returns the reason if the footer's extra fields fail.
   */
  footerHook?: (footer: Record<string, unknown>, domainRows: readonly Row[]) => string | null;
  /** The number of the first line fed (a tree embedded in a larger certificate). */
  firstLine?: number;
}

export class Invalid extends Error {
  constructor(reason: string, readonly line?: number) {
    super(reason);
  }
}
export const fail = (reason: string, line?: number): never => {
  throw new Invalid(reason, line);
};

/** A step's exception as the certificate's failure: anything unexpected in a malformed certificate also rejects it (rejecting is always safe). */
export function failureOf(e: unknown, lineNo: number): { line: number; reason: string } {
  const reason = e instanceof Invalid ? e.message : `cannot check: ${e instanceof Error ? e.message : String(e)}`;
  return { line: (e instanceof Invalid && e.line) || lineNo, reason };
}

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

const FRACTION = /^(-?\d+)(?:\/(\d+))?$/;

/** Values are compared by cross-multiplication, so "p/q" is taken as is, unreduced (no gcd). */
export function num(v: unknown, place: string): Rational {
  const m = typeof v === 'string' ? FRACTION.exec(v) : null;
  if (m && m[2] !== undefined && BigInt(m[2]) !== 0n) return { n: BigInt(m[1]), d: BigInt(m[2]) };
  if (m && m[2] === undefined) return { n: BigInt(m[1]), d: 1n };
  const r = typeof v === 'string' ? parseRational(v) : null; // decimals and other spellings
  return r ?? fail(`${place}: not an exact rational string: ${JSON.stringify(v)?.slice(0, 40)}`);
}
export function nums(v: unknown, length: number, place: string): Rational[] {
  if (!Array.isArray(v) || v.length !== length) fail(`${place}: expected an array of ${length} rational strings`);
  return (v as unknown[]).map((x, i) => num(x, `${place}[${i}]`));
}

/** Σ y_i (a_i, b_i) over the multipliers of a certificate: numerators over the y's common denominator. */
export interface Combination {
  a: bigint[];
  b: bigint;
  den: bigint;
  /** some multiplier is > 0 */
  positive: boolean;
}

/**
 * Reads multipliers given as [row, y] pairs (each row at most once; y a nonnegative integer
 * string if `integer`, else a nonnegative rational string) and combines the rows with them, or
 * returns why the pairs are malformed. `label` names the list in messages; `rowsAre` how the
 * row range is described.
 */
export function combineRows(
  rows: readonly Row[],
  pairs: unknown,
  width: number,
  { label, integer, rowsAre = 'the node has rows' }: { label: string; integer: boolean; rowsAre?: string },
): Combination | string {
  const shape = `${label} must be an array of [row, y] pairs`;
  if (!Array.isArray(pairs)) return shape;
  const seen = new Set<number>();
  const ys: [number, Rational][] = [];
  let den = 1n;
  for (const p of pairs as unknown[]) {
    if (!Array.isArray(p) || p.length !== 2) return shape;
    const [i, s] = p as [unknown, unknown];
    if (!isIndex(i) || i >= rows.length) return `multiplier for row ${JSON.stringify(i)}, but ${rowsAre} 0..${rows.length - 1}`;
    if (seen.has(i)) return `row ${i} has two multipliers`;
    seen.add(i);
    const y = typeof s === 'string' ? parseRational(s) : null;
    if (integer) {
      if (!y || y.d !== 1n || y.n < 0n) return `multiplier of row ${i} is not a nonnegative integer: ${JSON.stringify(s)}`;
    } else {
      if (!y) return `multiplier of row ${i} is not an exact rational string: ${JSON.stringify(s)?.slice(0, 40)}`;
      if (y.n < 0n) return `multiplier of row ${i} is negative: ${JSON.stringify(s)}`;
    }
    if (y!.n === 0n) continue;
    ys.push([i, y!]);
    den = lcm(den, y!.d);
  }
  const a = new Array<bigint>(width).fill(0n);
  let b = 0n;
  for (const [i, y] of ys) {
    const w = y.n * (den / y.d);
    rows[i].a.forEach((v, k) => (a[k] += w * v));
    b += w * rows[i].b;
  }
  return { a, b, den, positive: ys.length > 0 };
}

/** The unique positive rescaling of a·x < b to coprime integers (format.ts, "Rows"). */
export function primitive(a: Rational[], b: Rational): Row {
  const L = a.reduce((m, v) => lcm(m, v.d), b.d);
  return coprime(a.map((v) => v.n * (L / v.d)), b.n * (L / b.d));
}
/** Integer row divided by the gcd of its entries. */
function coprime(a: bigint[], b: bigint): Row {
  const G = a.reduce((m, v) => gcd(m, v), b);
  return G <= 1n ? { a, b } : { a: a.map((v) => v / G), b: b / G };
}

/** r == num/den, by cross-multiplication */
const same = (r: Rational, num: bigint, den: bigint): boolean => r.n * den === num * r.d;
const show = (num: bigint, den: bigint): string => toString(rat(num, den));

/** Pre-activation of neuron j of a layer as an affine function of x, given the layer's inputs. */
function preActivation(L: IntLayer, j: number, inputs: Inputs, d: number): Affine {
  const g = new Array<bigint>(d).fill(0n);
  let e = L.b[j] * inputs.den;
  L.W[j].forEach((w, i) => {
    if (w === 0n) return;
    const x = inputs.v[i];
    for (let k = 0; k < d; k++) g[k] += w * x.g[k];
    e += w * x.e;
  });
  return { g, e, den: L.D * inputs.den };
}

/** A certificate line as a JSON object; null for a blank line after the footer (trailing blank lines are fine). */
export function parseLine(line: string, afterFooter: boolean): Record<string, unknown> | null {
  if (line.trim() === '') return afterFooter ? null : fail('blank line');
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    fail('not valid JSON');
  }
  return isObj(v) ? v : fail('expected a JSON object');
}

/**
 * The line loop every checker shares: feeds one line at a time to `step`; the first exception
 * becomes the failure (with its line) and later lines are ignored.
 */
export abstract class LineChecker<R> implements LineFeeder<R> {
  protected lineNo: number;
  protected failure: { line: number; reason: string } | null = null;

  constructor(firstLine = 1) {
    this.lineNo = firstLine - 1;
  }

  get failed(): boolean {
    return this.failure !== null;
  }

  /** Feeds the next line; after the first failure further lines are ignored. */
  feed(line: string): void {
    if (this.failure) return;
    this.lineNo++;
    try {
      this.step(line);
    } catch (e) {
      this.failure = failureOf(e, this.lineNo);
    }
  }

  protected abstract step(line: string): void;
  abstract finish(): R;
}

export class CertificateChecker extends LineChecker<CheckResult> {
  private readonly d: number;
  private readonly layers: IntLayer[];
  private readonly relu: [number, number][] = []; // ReLU neurons in network order
  private domainRows: Row[] = [];
  private domainJson: unknown = null; // the certified domain, domainToJson form
  private readonly stack: Frame[] = [];
  private state: 'header' | 'tree' | 'footer' | 'done' = 'header';
  private readonly counts = { regions: 0, emptyLeaves: 0, splits: 0, constants: 0 };
  private readonly start = performance.now();

  constructor(
    private readonly net: Network,
    private readonly domain: Domain | null,
    private readonly options: CheckerOptions = {},
  ) {
    super(options.firstLine);
    this.d = net.inputSize;
    this.layers = net.layers.map((l) => {
      const D = [...l.weights.flat(), ...l.bias].reduce((m, v) => lcm(m, v.d), 1n);
      const int = (v: Rational) => v.n * (D / v.d);
      return { W: l.weights.map((row) => row.map(int)), b: l.bias.map(int), D };
    });
    net.layers.forEach((l, li) => {
      if (l.activation === 'relu') l.weights.forEach((_, j) => this.relu.push([li, j]));
    });
  }

  /** Region leaves checked so far. */
  get regionCount(): number {
    return this.counts.regions;
  }

  /** The split tree is complete (only the footer may follow). */
  get treeComplete(): boolean {
    return this.state === 'footer';
  }

  /**
   * Starts a headerless subtree over `domain` (verdict certificates embed one split tree per
   * enumerated box): feed its nodes until treeComplete; no footer is read.
   */
  beginTree(domain: Domain): void {
    this.setDomain(domain);
    this.state = 'tree';
  }

  finish(): CheckResult {
    if (!this.failure) {
      if (this.state === 'header') this.failure = { line: 1, reason: 'empty certificate: no header' };
      else if (this.state === 'tree') {
        const top = this.stack.at(-1);
        this.failure = top
          ? { line: top.line, reason: `unexpected end of certificate: ${this.missingChild(top)}` }
          : { line: this.lineNo + 1, reason: 'unexpected end of certificate: no root node' };
      } else if (this.state === 'footer') {
        this.failure = { line: this.lineNo + 1, reason: 'unexpected end of certificate: no footer' };
      }
    }
    if (this.failure) return { valid: false, ...this.failure };
    return { valid: true, ...this.counts, seconds: (performance.now() - this.start) / 1000, domain: this.domainJson };
  }

  private missingChild(f: Frame): string {
    if (f.kind === 'const') return `const at line ${f.line} has no child`;
    return `split at line ${f.line} has no ${f.remaining === 2 ? 'active' : 'inactive'} child`;
  }

  protected step(line: string): void {
    const v = parseLine(line, this.state === 'done');
    if (!v) return;
    if (this.state === 'header') return this.header(v);
    if (this.state === 'done') fail('content after the footer');
    if (v.t === 'end') {
      const top = this.stack.at(-1);
      if (this.state === 'tree') fail(`footer before the tree is complete: ${top ? this.missingChild(top) : 'no root node'}`);
      if (v.regions !== this.counts.regions) fail(`footer says ${JSON.stringify(v.regions)} regions, the tree has ${this.counts.regions}`);
      if (v.emptyLeaves !== this.counts.emptyLeaves) {
        fail(`footer says ${JSON.stringify(v.emptyLeaves)} empty leaves, the tree has ${this.counts.emptyLeaves}`);
      }
      const reason = this.options.footerHook?.(v, this.domainRows);
      if (reason) fail(`footer: ${reason}`);
      this.state = 'done';
      return;
    }
    if (this.state === 'footer') fail(`trailing node after the complete tree (expected the footer)`);
    const next = (this.stack.at(-1)?.k ?? -1) + 1; // the next ReLU neuron on this path
    switch (v.t) {
      case 'split':
      case 'const':
        return this.neuronNode(v, next);
      case 'region':
        this.region(v, next);
        return this.leafDone();
      case 'empty':
        this.empty(v);
        return this.leafDone();
      default:
        fail(`unknown node type ${JSON.stringify(v.t)}`);
    }
  }

  private header(h: Record<string, unknown>): void {
    if (h.format !== CERTIFICATE_FORMAT) fail(`header: format is ${JSON.stringify(h.format)}, expected "${CERTIFICATE_FORMAT}"`);
    if (h.version !== CERTIFICATE_VERSION) fail(`header: unsupported version ${JSON.stringify(h.version)} (this checker reads ${CERTIFICATE_VERSION})`);
    const kind = this.options.kind ?? 'enumeration';
    if (h.kind !== kind) fail(`header: kind ${JSON.stringify(h.kind)}, expected "${kind}"`);
    if (h.inputSize !== this.d) fail(`header: inputSize ${JSON.stringify(h.inputSize)}, the network has ${this.d}`);
    const sizes = layerSizes(this.net);
    if (JSON.stringify(h.layerSizes) !== JSON.stringify(sizes)) {
      fail(`header: layerSizes ${JSON.stringify(h.layerSizes)}, the network has ${JSON.stringify(sizes)}`);
    }
    if (h.domain === undefined) fail('header: domain missing');
    let dom: Domain;
    try {
      dom = parseDomainJson(JSON.stringify(h.domain), this.d, 'domain');
    } catch (e) {
      return fail(`header: bad domain: ${e instanceof Error ? e.message : String(e)}`);
    }
    const stated = JSON.stringify(domainToJson(dom));
    if (this.domain && JSON.stringify(domainToJson(this.domain)) !== stated) {
      fail(`header: the certificate's domain ${stated} is not the given domain ${JSON.stringify(domainToJson(this.domain))}`);
    }
    this.setDomain(dom);
    const reason = this.options.headerHook?.(h);
    if (reason) fail(`header: ${reason}`);
    this.state = 'tree';
  }

  private setDomain(dom: Domain): void {
    this.domainJson = domainToJson(dom);
    this.domainRows = [];
    domainConstraints(dom, this.d).forEach((c, i) => {
      if (c.a.some((v) => v.n !== 0n)) this.domainRows.push(primitive(c.a, c.b));
      else if (sign(c.b) < 0) fail(`the domain is empty (its row ${i} reads 0 <= ${toString(c.b)})`);
    });
  }

  /** The inputs of layer l (l = number of layers: the network's output) on the current path. */
  private inputsOf(l: number): Inputs {
    const top = this.stack.at(-1);
    if (top && top.layer === l) return top.inputs;
    const { layers } = this.net;
    let lp = l - 1;
    while (lp >= 0 && layers[lp].activation !== 'relu') lp--;
    let cur: Inputs;
    if (lp < 0) {
      const unit = (i: number) => Array.from({ length: this.d }, (_, k) => (k === i ? 1n : 0n));
      cur = { v: Array.from({ length: this.d }, (_, i) => ({ g: unit(i), e: 0n })), den: 1n };
    } else {
      // network order: the last frames on the path are layer lp's neurons 0..w-1
      const w = layers[lp].weights.length;
      const frames = w === 0 ? [] : this.stack.slice(-w);
      if (frames.length !== w || frames.some((f, j) => f.layer !== lp || f.neuron !== j)) {
        throw new Error('internal: path out of order');
      }
      const zero = { g: new Array<bigint>(this.d).fill(0n), e: 0n };
      // ReLU: the output is the pre-activation if the bit is 1, else 0
      cur = { v: frames.map((f) => (f.bit === 1 ? f.h : zero)), den: w === 0 ? 1n : frames[0].h.den }; // one den per layer
    }
    for (let m = lp + 1; m < l; m++) {
      const prev = cur; // linear layers pass through
      const pre = layers[m].weights.map((_, j) => preActivation(this.layers[m], j, prev, this.d));
      cur = { v: pre, den: this.layers[m].D * prev.den };
    }
    return cur;
  }

  private neuronNode(v: Record<string, unknown>, next: number): void {
    const { layer, neuron } = v;
    const kind = v.t as 'split' | 'const';
    if (!isIndex(layer) || !isIndex(neuron)) fail(`${kind}: layer and neuron must be nonnegative integers`);
    const name = `${kind === 'split' ? 'split on' : 'const'} [${layer},${neuron}]`;
    if (next >= this.relu.length) fail(`${name}: every ReLU neuron is already decided on this path (expected a leaf)`);
    const [el, en] = this.relu[next];
    if (layer !== el || neuron !== en) {
      fail(`${name}: expected neuron [${el},${en}] next (ReLU neurons in network order, each once per path)`);
    }
    const inputs = this.inputsOf(el);
    const h = preActivation(this.layers[el], en, inputs, this.d);
    const frame: Frame = { line: this.lineNo, kind, k: next, layer: el, neuron: en, inputs, h, row: null, bit: 1, remaining: 2 };
    if (kind === 'split') {
      const s = isObj(v.h) ? v.h : fail(`${name}: h missing`);
      const g = nums(s.g, this.d, `${name}: h.g`);
      const e = num(s.e, `${name}: h.e`);
      g.forEach((x, i) => same(x, h.g[i], h.den) || fail(`${name}: stated h differs from the network's pre-activation (g[${i}])`));
      if (!same(e, h.e, h.den)) fail(`${name}: stated h differs from the network's pre-activation (e)`);
      if (g.every((x) => x.n === 0n)) fail(`${name}: h is constant (${toString(e)}) on this node: a constant neuron must be a const node`);
      frame.row = coprime(h.g, h.e); // (g, e)/den with den > 0: same row up to a positive factor
      this.counts.splits++;
    } else {
      const value = num(v.value, `${name}: value`);
      const i = h.g.findIndex((x) => x !== 0n);
      if (i >= 0) fail(`${name}: the pre-activation is not constant on this node (gradient g[${i}] = ${show(h.g[i], h.den)})`);
      if (!same(value, h.e, h.den)) {
        fail(`${name}: stated value ${toString(value)} differs from the network's pre-activation ${show(h.e, h.den)}`);
      }
      frame.bit = sign(value) > 0 ? 1 : 0;
      frame.remaining = 1;
      this.counts.constants++;
    }
    this.stack.push(frame);
  }

  /** The node's strict rows: domain rows, then one per split on the path (format.ts, "Rows"). */
  private rows(): { row: Row; what: string }[] {
    const out = this.domainRows.map((row, i) => ({ row, what: `domain row ${i}` }));
    for (const f of this.stack) {
      if (!f.row) continue;
      const { a, b } = f.row;
      const row = f.bit === 1 ? { a: a.map((x) => -x), b } : { a, b: -b }; // h > 0 : -g·x < e;  h < 0 : g·x < -e
      out.push({ row, what: `split on [${f.layer},${f.neuron}] at line ${f.line}, ${f.bit === 1 ? 'active' : 'inactive'} side` });
    }
    return out;
  }

  private region(v: Record<string, unknown>, next: number): void {
    const n = this.counts.regions;
    if (v.id !== n) fail(`region ids must be 0,1,2,... in order: expected id ${n}, got ${JSON.stringify(v.id)}`);
    const name = `region ${n}`;
    if (next < this.relu.length) {
      fail(`${name}: a region leaf before every ReLU neuron is decided ([${this.relu[next].join(',')}] is next)`);
    }
    const x = nums(v.witness, this.d, `${name}: witness`);
    let q = 1n; // x = p / q over one common denominator: each row is one integer comparison
    for (const r of x) q = lcm(q, r.d);
    const p = x.map((r) => r.n * (q / r.d));
    this.rows().forEach(({ row, what }, i) => {
      let lhs = 0n;
      for (let k = 0; k < p.length; k++) lhs += row.a[k] * p[k];
      if (lhs >= row.b * q) fail(`${name}: witness violates row ${i} (${what})`);
    });
    const bits = new Map<number, string>();
    for (const f of this.stack) bits.set(f.layer, (bits.get(f.layer) ?? '') + f.bit);
    const path = this.net.layers.flatMap((l, li) => (l.activation === 'relu' ? [bits.get(li) ?? ''] : [])).join('|');
    if (v.pattern !== path) fail(`${name}: pattern ${JSON.stringify(v.pattern)} differs from the path's bits "${path}"`);
    const trace = forward(this.net, x);
    const atWitness = this.net.layers
      .flatMap((l, li) => (l.activation === 'relu' ? [trace.signs[li].map((s) => (s > 0 ? '1' : '0')).join('')] : []))
      .join('|');
    if (atWitness !== path) fail(`${name}: the forward pass at the witness gives pattern "${atWitness}", not "${path}"`);
    const out = this.inputsOf(this.net.layers.length);
    const m = isObj(v.map) ? v.map : fail(`${name}: map missing`);
    if (!Array.isArray(m.W) || m.W.length !== out.v.length) fail(`${name}: map W must have ${out.v.length} rows`);
    const c = nums(m.c, out.v.length, `${name}: map c`);
    out.v.forEach((o, i) => {
      nums((m.W as unknown[])[i], this.d, `${name}: map W[${i}]`).forEach((w, k) => {
        if (!same(w, o.g[k], out.den)) fail(`${name}: map W[${i}][${k}] differs from the composition of the layers under the pattern`);
      });
      if (!same(c[i], o.e, out.den)) fail(`${name}: map c[${i}] differs from the composition of the layers under the pattern`);
    });
    const hook = this.options.regionHook;
    if (hook) {
      const reason = hook({ name, rows: this.rows().map((r) => r.row), out: out.v, den: out.den, leaf: v });
      if (reason) fail(`${name}: ${reason}`);
    }
    this.counts.regions++;
  }

  private empty(v: Record<string, unknown>): void {
    const rows = this.rows().map((r) => r.row);
    const sum = combineRows(rows, v.motzkin, this.d, { label: 'motzkin', integer: true });
    if (typeof sum === 'string') return fail(`empty leaf: ${sum}`);
    if (!sum.positive) fail('empty leaf: all multipliers are zero');
    const k = sum.a.findIndex((s) => s !== 0n);
    if (k >= 0) fail(`empty leaf: Σ y_i a_i != 0 (coordinate ${k})`);
    if (sum.b > 0n) fail(`empty leaf: Σ y_i b_i = ${sum.b} > 0`);
    this.counts.emptyLeaves++;
  }

  /** A leaf is complete: pop every node whose children are now all complete. */
  private leafDone(): void {
    while (this.stack.length > 0) {
      const top = this.stack[this.stack.length - 1];
      if (--top.remaining > 0) {
        top.bit = 0; // the split's inactive child comes next
        return;
      }
      this.stack.pop();
    }
    this.state = 'footer';
  }
}

/** A streaming checker: lines fed one at a time, the first failure ends it. */
export interface LineFeeder<R> {
  feed(line: string): void;
  readonly failed: boolean;
  finish(): R;
}

/** A checker built on a CertificateChecker's hooks, as a line feeder (the inner checker reads the lines). */
export function viaTreeChecker<R>(c: { checker: CertificateChecker; finish(): R }): LineFeeder<R> {
  return {
    feed: (line) => c.checker.feed(line),
    get failed() {
      return c.checker.failed;
    },
    finish: () => c.finish(),
  };
}

/** Feeds lines until the first failure. */
export function feedLines<R>(checker: LineFeeder<R>, lines: Iterable<string>): R {
  for (const line of lines) {
    checker.feed(line);
    if (checker.failed) break;
  }
  return checker.finish();
}

/**
 * Streams a file's lines into the checker (memory O(tree depth)). A stop request (`stop`,
 * run-control.ts) ends it with a StoppedError: a half-read certificate is neither valid nor invalid.
 */
export async function feedFile<R>(checker: LineFeeder<R>, path: string, stop?: StopOptions): Promise<R> {
  const pacer = new Pacer(stop);
  let lineNo = 0;
  for await (const line of fileLines(path)) {
    checker.feed(line);
    lineNo++;
    if (checker.failed) break;
    const reason = await pacer.tick();
    if (reason) throw new StoppedError(reason, lineNo);
  }
  return checker.finish();
}

export function checkCertificate(net: Network, domain: Domain | null, lines: Iterable<string>): CheckResult {
  return feedLines(new CertificateChecker(net, domain), lines);
}

/** The lines of a file, streamed (rejects if the file cannot be opened or read). */
export async function* fileLines(path: string): AsyncGenerator<string> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  await once(stream, 'open');
  let error: unknown = null;
  stream.on('error', (e) => (error = e));
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of rl) yield line;
    if (error) throw error;
  } finally {
    rl.close();
    stream.destroy();
  }
}

/** Streams the certificate file line by line (memory O(tree depth)). */
export async function checkCertificateFile(net: Network, domain: Domain | null, path: string, stop?: StopOptions): Promise<CheckResult> {
  return feedFile(new CertificateChecker(net, domain), path, stop);
}

/**
 * Whether the region leaves of a certificate are exactly the records of a regions JSONL file, in
 * any order (--workers writes them in another order): matched by pattern, with the same witness
 * and map (compared as rationals); ids are not compared. The records' constraints (facets) are not
 * compared here. Check the certificate itself with checkCertificateFile. Memory: the records.
 */
export async function checkRegionsMatch(certPath: string, regionsPath: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  const records = new Map<string, { rec: Record<string, unknown>; line: number }>();
  let recLine = 0;
  for await (const line of fileLines(regionsPath)) {
    recLine++;
    if (line.trim() === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      return { ok: false, reason: `regions file line ${recLine}: not JSON` };
    }
    if (!isObj(v)) return { ok: false, reason: `regions file line ${recLine}: not a JSON object` };
    if (typeof v.t === 'string') continue; // a shard file's header or end line
    if (typeof v.pattern !== 'string') return { ok: false, reason: `regions file line ${recLine}: no pattern` };
    const twin = records.get(v.pattern);
    if (twin) return { ok: false, reason: `regions file lines ${twin.line} and ${recLine}: region ${v.pattern} listed twice` };
    records.set(v.pattern, { rec: v, line: recLine });
  }
  const sameValues = (x: unknown, y: unknown): boolean => {
    if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => sameValues(v, y[i]));
    if (typeof x !== 'string' || typeof y !== 'string') return false;
    const [p, q] = [parseRational(x), parseRational(y)];
    return p !== null && q !== null && eq(p, q);
  };
  let certLine = 0;
  let regions = 0;
  for await (const line of fileLines(certPath)) {
    certLine++;
    if (certLine === 1 || line.trim() === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      return { ok: false, reason: `certificate line ${certLine}: not valid JSON` };
    }
    if (!isObj(v) || v.t !== 'region') continue;
    regions++;
    const name = `region ${String(v.pattern)}`;
    const found = typeof v.pattern === 'string' ? records.get(v.pattern) : undefined;
    if (!found) return { ok: false, reason: `${name} (certificate line ${certLine}) is missing from the regions file` };
    records.delete(v.pattern as string);
    const where = `certificate line ${certLine}, regions file line ${found.line}`;
    const rec = found.rec;
    if (!sameValues(rec.witness, v.witness)) return { ok: false, reason: `${name}: witnesses differ (${where})` };
    const [rm, cm] = [rec.map, v.map];
    if (!isObj(rm) || !isObj(cm) || !sameValues(rm.W, cm.W) || !sameValues(rm.c, cm.c)) {
      return { ok: false, reason: `${name}: maps differ (${where})` };
    }
  }
  const extra = records.values().next();
  if (!extra.done) {
    return { ok: false, reason: `regions file line ${extra.value.line}: region ${String(extra.value.rec.pattern)} is not in the certificate (its ${regions} regions are; ${records.size} extra)` };
  }
  return { ok: true };
}
