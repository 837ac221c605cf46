/**
 * VNN-LIB 1.0, the subset used by VNN-COMP: `(declare-const X_i Real)`, `(declare-const Y_i Real)`
 * and `(assert F)` where F is built from `and`, `or` and comparisons `<=`, `>=`, `<`, `>` between
 * variables and constants. A VNN-LIB file describes the UNSAFE set: the property is violated
 * ("sat") iff some input satisfying every assert gives outputs satisfying every assert.
 *
 * The result: an input box (bounds on the X_i, from asserts that hold for every disjunct) and the
 * unsafe condition as a disjunction of conjunctions of atoms (over Y, and X where an input
 * constraint belongs to only some disjuncts). Constants are exact decimals (never doubles).
 *
 * Strict comparisons: `(< a b)` is read as `a <= b` and `(> a b)` as `a >= b`. VNN-LIB and
 * VNN-COMP make no distinction between strict and non-strict constraints (the benchmarks' strict
 * inequalities are meant as "unsafe region up to its boundary"). Reading them as non-strict takes
 * the closure of the unsafe set: a "holds" verdict is then also valid for the strict reading; a
 * counterexample may lie exactly on a strict boundary.
 *
 * Also accepted: SMT-LIB chains `(<= a b c)` (= a <= b and b <= c), `(- c)` for a negative
 * constant, `;` comments, and the commands set-logic, set-info, set-option, check-sat, get-model,
 * exit (ignored).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../errors.js';
import { cmp, neg, parseRational, rationalSyntaxHint, toString, type Rational } from '../kernel/rational.js';
import { oneLine } from '../network/parse-json.js';
import { Reader, show, type Pos, type SExpr } from './sexpr.js';

export type Term = { var: 'X' | 'Y'; index: number } | { const: Rational };
/** lhs <= rhs. `(>= a b)` is stored as b <= a; `<` and `>` are read as `<=` and `>=`. */
export type Atom = { kind: 'le'; lhs: Term; rhs: Term };

export interface Property {
  /** Number of X_i (declared as X_0 … X_{inputs-1}). */
  inputs: number;
  /** Number of Y_i (declared as Y_0 … Y_{outputs-1}). */
  outputs: number;
  /** Finite bounds on every X_i. */
  inputBox: { lo: Rational[]; hi: Rational[] };
  /**
   * The unsafe set is {x in inputBox : OR_k AND_j unsafe[k][j] holds at (x, f(x))}.
   * [] means no input is unsafe (the asserts are unsatisfiable); [[]] means every input in the box is.
   * Input-bound atoms that hold in every disjunct are moved into inputBox; input atoms that belong
   * to only some disjuncts stay in them (the box is then their hull where needed).
   */
  unsafe: Atom[][];
}

/** Most disjuncts the disjunctive normal form may have. */
const MAX_DISJUNCTS = 100_000;
/** Most atoms in all disjuncts together (a few '(or a b)' in an '(and ...)' of many atoms multiply fast). */
const MAX_DNF_ATOMS = 10_000_000;
/** Largest decompressed file (node cannot make a longer string). */
const MAX_TEXT_BYTES = 0x1fffffe8;

const NUMERAL_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const VAR_RE = /^([XY])_(0|[1-9]\d*)$/;

// Atoms are compared by a key (constants are reduced, so equal values print equally): sets of
// keys keep deduplication linear in files with 10^5 atoms (ImageNet-sized input boxes).
const termKey = (t: Term): string => ('const' in t ? toString(t.const) : `${t.var}_${t.index}`);
const atomKeys = new WeakMap<Atom, string>();
function atomKey(a: Atom): string {
  let k = atomKeys.get(a);
  if (k === undefined) atomKeys.set(a, (k = `${termKey(a.lhs)}<=${termKey(a.rhs)}`));
  return k;
}
/** The keys of a conjunction's atoms, kept with it while the formula is built. */
const conjKeys = new WeakMap<Atom[], Set<string>>();
function keysOf(c: Atom[]): Set<string> {
  let k = conjKeys.get(c);
  if (k === undefined) conjKeys.set(c, (k = new Set(c.map(atomKey))));
  return k;
}
/** Appends the atoms of `y` missing from `x` to `x` (which must not be shared). */
function extend(x: Atom[], y: Atom[]): void {
  const keys = keysOf(x);
  for (const atom of y) {
    const k = atomKey(atom);
    if (!keys.has(k)) {
      keys.add(k);
      x.push(atom);
    }
  }
}

/** The bound an atom puts on one input, if it is `X_i <= c` or `c <= X_i`. */
function inputBound(a: Atom): { index: number; side: 'lo' | 'hi'; value: Rational } | undefined {
  if ('var' in a.lhs && a.lhs.var === 'X' && 'const' in a.rhs) return { index: a.lhs.index, side: 'hi', value: a.rhs.const };
  if ('var' in a.rhs && a.rhs.var === 'X' && 'const' in a.lhs) return { index: a.rhs.index, side: 'lo', value: a.lhs.const };
  return undefined;
}

export function parseVnnlib(text: string, source = 'vnnlib'): Property {
  const fail = (p: Pos, msg: string): never => {
    throw new InputError(`${source}:${p.line}:${p.col}: ${msg}`);
  };
  const exprs = new Reader(text, fail).readAll();

  const declared = { X: new Map<number, Pos>(), Y: new Map<number, Pos>() };
  const asserts: { dnf: Atom[][]; pos: Pos }[] = [];

  /** (OR_i x_i) and (OR_j y_j) = OR_ij (x_i and y_j), in new arrays. */
  const dnfProduct = (a: Atom[][], b: Atom[][], p: Pos): Atom[][] => {
    if (a.length * b.length > MAX_DISJUNCTS) {
      fail(p, `the disjunctive normal form would have more than ${MAX_DISJUNCTS} disjuncts`);
    }
    const size = (d: Atom[][]) => d.reduce((n, c) => n + c.length, 0);
    if (b.length * size(a) + a.length * size(b) > MAX_DNF_ATOMS) {
      fail(p, `the disjunctive normal form would have more than ${MAX_DNF_ATOMS} atoms`);
    }
    const out: Atom[][] = [];
    for (const x of a) {
      for (const y of b) {
        const c = [...x];
        conjKeys.set(c, new Set(keysOf(x)));
        extend(c, y);
        out.push(c);
      }
    }
    return out;
  };

  const term = (e: SExpr): Term => {
    if (e.kind === 'sym') {
      if (NUMERAL_RE.test(e.text)) {
        const r = parseRational(e.text);
        if (r === null) fail(e, `bad number '${show(e)}'${rationalSyntaxHint(e.text)}`);
        return { const: r as Rational };
      }
      const m = VAR_RE.exec(e.text);
      if (!m) fail(e, `unknown variable '${show(e)}' (expected X_i, Y_i or a number)`);
      const [, v, idx] = m as RegExpExecArray;
      const index = Number(idx);
      if (!declared[v as 'X' | 'Y'].has(index)) fail(e, `undeclared variable '${show(e)}'`);
      return { var: v as 'X' | 'Y', index };
    }
    const head = e.items[0];
    if (head === undefined) fail(e, 'expected a term but found ()');
    if (head.kind !== 'sym') fail(head, `expected an operator but found '${show(head)}'`);
    const op = (head as SExpr & { kind: 'sym' }).text;
    if (op === '-' && e.items.length === 2) {
      const t = term(e.items[1]);
      if (!('const' in t)) fail(e.items[1], `unsupported term '${show(e)}': '-' applies only to a constant`);
      return { const: neg((t as { const: Rational }).const) };
    }
    return fail(head, `unsupported operator '${show(head)}'${op === '-' ? ` with ${e.items.length - 1} arguments` : ''} in a term`);
  };

  /** The formula as a disjunction of conjunctions; constant atoms are decided on the spot. */
  const formula = (e: SExpr): Atom[][] => {
    if (e.kind === 'sym') {
      if (e.text === 'true') return [[]];
      if (e.text === 'false') return [];
      return fail(e, `expected a formula but found '${show(e)}'`);
    }
    const head = e.items[0];
    if (head === undefined) fail(e, 'expected a formula but found ()');
    if (head.kind !== 'sym') fail(head, `expected an operator but found '${show(head)}'`);
    const op = (head as SExpr & { kind: 'sym' }).text;
    const args = e.items.slice(1);
    switch (op) {
      case 'and': {
        // acc's conjunctions are this call's own, so a one-disjunct argument extends them in place
        // (copying them for each of 10^5 atoms would be quadratic)
        let acc: Atom[][] = [[]];
        for (const a of args) {
          const f = formula(a);
          if (f.length === 1) acc.forEach((x) => extend(x, f[0]));
          else acc = dnfProduct(acc, f, a);
        }
        return acc;
      }
      case 'or': {
        const out: Atom[][] = [];
        for (const a of args) {
          for (const c of formula(a)) out.push(c);
          if (out.length > MAX_DISJUNCTS) fail(e, `the disjunctive normal form would have more than ${MAX_DISJUNCTS} disjuncts`);
        }
        return out;
      }
      case '<=':
      case '>=':
      case '<':
      case '>': {
        if (args.length < 2) fail(head, `'${op}' needs at least 2 arguments, found ${args.length}`);
        const terms = args.map(term);
        const conj: Atom[] = [];
        for (let k = 0; k + 1 < terms.length; k++) {
          const [a, b] = op === '<=' || op === '<' ? [terms[k], terms[k + 1]] : [terms[k + 1], terms[k]];
          if ('const' in a && 'const' in b) {
            if (cmp(a.const, b.const) > 0) return []; // a constant false comparison
            continue; // a constant true one
          }
          extend(conj, [{ kind: 'le', lhs: a, rhs: b }]);
        }
        return [conj];
      }
      default:
        return fail(head, `unsupported operator '${show(head)}'`);
    }
  };

  for (const e of exprs) {
    if (e.kind !== 'list') fail(e, `expected '(' but found '${show(e)}'`);
    const items = (e as SExpr & { kind: 'list' }).items;
    const head = items[0];
    if (head === undefined || head.kind !== 'sym') fail(head ?? e, 'expected a command such as declare-const or assert');
    const cmd = (head as SExpr & { kind: 'sym' }).text;
    if (cmd === 'declare-const') {
      if (items.length !== 3) fail(head, `declare-const needs a name and a sort, found ${items.length - 1} arguments`);
      const [, name, sort] = items;
      if (name.kind !== 'sym') return fail(name, `expected a variable name but found '${show(name)}'`);
      const m = VAR_RE.exec(name.text);
      if (!m) fail(name, `unknown variable '${show(name)}' (expected X_i for inputs or Y_i for outputs)`);
      if (sort.kind !== 'sym' || sort.text !== 'Real') fail(sort, `unsupported sort '${show(sort)}' for ${name.text} (expected Real)`);
      const [, v, idx] = m as RegExpExecArray;
      const map = declared[v as 'X' | 'Y'];
      const prev = map.get(Number(idx));
      if (prev) fail(name, `${name.text} already declared at ${prev.line}:${prev.col}`);
      map.set(Number(idx), { line: name.line, col: name.col });
    } else if (cmd === 'assert') {
      if (items.length !== 2) fail(head, `assert takes one formula, found ${items.length - 1}`);
      asserts.push({ dnf: formula(items[1]), pos: e });
    } else if (['set-logic', 'set-info', 'set-option', 'check-sat', 'get-model', 'exit'].includes(cmd)) {
      // no effect on the property
    } else {
      fail(head, `unsupported command '${show(head)}'`);
    }
  }

  const count = (v: 'X' | 'Y'): number => {
    const map = declared[v];
    const n = map.size;
    for (const [index, pos] of map) {
      if (index >= n) {
        const missing = [...Array(n + 1).keys()].find((k) => !map.has(k));
        fail(pos, `${v}_${index} declared but ${v}_${missing} is not (variables must be ${v}_0 … ${v}_{n-1})`);
      }
    }
    return n;
  };
  const inputs = count('X');
  const outputs = count('Y');
  if (inputs === 0) throw new InputError(`${source}: no input variables (declare-const X_0 Real) declared`);

  // Asserts with one disjunct are plain conjunctions; the rest are multiplied out.
  const top: Atom[] = [];
  const pushTop = (a: Atom) => extend(top, [a]);
  let rest: Atom[][] = [[]];
  for (const a of asserts) {
    if (a.dnf.length === 1) a.dnf[0].forEach(pushTop);
    else rest = dnfProduct(rest, a.dnf, a.pos);
  }
  // Atoms in every disjunct are top-level too: (A and B) or (A and C) = A and (B or C).
  if (rest.length > 0) {
    const keySets = rest.map(keysOf);
    const common = rest[0].filter((a) => keySets.every((k) => k.has(atomKey(a))));
    if (common.length > 0) {
      common.forEach(pushTop);
      const drop = new Set(common.map(atomKey));
      rest = rest.map((d) => d.filter((b) => !drop.has(atomKey(b))));
    }
  }

  const lo: (Rational | undefined)[] = Array(inputs).fill(undefined);
  const hi: (Rational | undefined)[] = Array(inputs).fill(undefined);
  const common: Atom[] = [];
  for (const a of top) {
    const b = inputBound(a);
    if (!b) {
      common.push(a);
    } else if (b.side === 'lo') {
      if (lo[b.index] === undefined || cmp(b.value, lo[b.index] as Rational) > 0) lo[b.index] = b.value;
    } else if (hi[b.index] === undefined || cmp(b.value, hi[b.index] as Rational) < 0) {
      hi[b.index] = b.value;
    }
  }
  const unsafe = rest.map((d) => [...common, ...d]);

  // A bound missing at top level may come from every disjunct: the box is then their hull, and the
  // disjuncts keep their own bounds (so the unsafe set is unchanged).
  const hull = (index: number, side: 'lo' | 'hi'): Rational | undefined => {
    if (unsafe.length === 0) return undefined;
    let out: Rational | undefined;
    for (const d of unsafe) {
      let own: Rational | undefined;
      for (const a of d) {
        const b = inputBound(a);
        if (b && b.index === index && b.side === side) {
          if (own === undefined || (side === 'lo' ? cmp(b.value, own) > 0 : cmp(b.value, own) < 0)) own = b.value;
        }
      }
      if (own === undefined) return undefined;
      if (out === undefined || (side === 'lo' ? cmp(own, out) < 0 : cmp(own, out) > 0)) out = own;
    }
    return out;
  };
  for (let i = 0; i < inputs; i++) {
    const at = declared.X.get(i) as Pos;
    lo[i] ??= hull(i, 'lo');
    hi[i] ??= hull(i, 'hi');
    if (lo[i] === undefined && hi[i] === undefined) fail(at, `X_${i} has no lower or upper bound (the input set must be a bounded box)`);
    if (lo[i] === undefined) fail(at, `X_${i} has no lower bound (the input set must be a bounded box)`);
    if (hi[i] === undefined) fail(at, `X_${i} has no upper bound (the input set must be a bounded box)`);
    if (cmp(lo[i] as Rational, hi[i] as Rational) > 0) {
      fail(at, `X_${i}: lower bound ${toString(lo[i] as Rational)} above upper bound ${toString(hi[i] as Rational)} (empty input box)`);
    }
  }
  return { inputs, outputs, inputBox: { lo: lo as Rational[], hi: hi as Rational[] }, unsafe };
}

/** Reads a .vnnlib file, gunzipping it if it is named *.gz or starts with the gzip magic bytes. */
export function loadVnnlib(path: string): Property {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    throw new InputError(`${path}: cannot read: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (path.toLowerCase().endsWith('.gz') || (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b)) {
    try {
      // bounded: a small gzip bomb would otherwise fill the memory
      data = gunzipSync(data, { maxOutputLength: MAX_TEXT_BYTES });
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? `more than ${MAX_TEXT_BYTES} bytes` : e instanceof Error ? e.message : String(e);
      throw new InputError(`${path}: cannot decompress: ${oneLine(reason)}`);
    }
  }
  if (data.length > MAX_TEXT_BYTES) throw new InputError(`${path}: cannot read: larger than ${MAX_TEXT_BYTES} bytes`);
  return parseVnnlib(data.toString('utf8'), path);
}

/** Value of a term at input x and output y. */
export function termValue(t: Term, x: Rational[], y: Rational[]): Rational {
  return 'const' in t ? t.const : t.var === 'X' ? x[t.index] : y[t.index];
}

/** Whether the atom holds at (x, y), exactly. */
export function atomHolds(a: Atom, x: Rational[], y: Rational[]): boolean {
  return cmp(termValue(a.lhs, x, y), termValue(a.rhs, x, y)) <= 0;
}

/** "Y_0 <= 3/2" style text. */
export function atomToString(a: Atom): string {
  const t = (u: Term) => ('const' in u ? toString(u.const) : `${u.var}_${u.index}`);
  return `${t(a.lhs)} <= ${t(a.rhs)}`;
}
