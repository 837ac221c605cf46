import { primitiveRow } from '../kernel/intvec.js';
import { cmp, lcm, neg, ONE, rat, parseRational, rationalSyntaxHint, toString, ZERO, type Rational } from '../kernel/rational.js';
import { InputError, withPrefix } from '../errors.js';
import { isObject, jsonNumber, parseJsonText, readNumbers, showInput, type NumberReader } from '../network/parse-json.js';
import { readInputFile } from '../network/load.js';

export type DomainFace = { kind: 'lower' | 'upper'; input: number } | { kind: 'row'; index: number };
export interface DomainConstraint {
  a: Rational[];
  b: Rational;
  face: DomainFace; // meaning a·x <= b
}
export type Domain =
  | { kind: 'box'; lo: Rational[]; hi: Rational[] }
  | { kind: 'polyhedron'; A: Rational[][]; b: Rational[] }
  | { kind: 'whole' };

function dimension(domain: Domain): number | undefined {
  return domain.kind === 'box' ? domain.lo.length : domain.kind === 'polyhedron' ? domain.A[0]?.length : undefined;
}

/** The domain as rows a·x <= b. A box gives, for each input i, x_i <= hi_i then -x_i <= -lo_i. */
export function domainConstraints(domain: Domain, d: number): DomainConstraint[] {
  const dim = dimension(domain);
  if (dim !== undefined && dim !== d) throw new InputError(`domain: dimension ${dim}, expected ${d}`);
  if (domain.kind === 'whole') return [];
  if (domain.kind === 'polyhedron') {
    return domain.A.map((row, index) => ({ a: [...row], b: domain.b[index], face: { kind: 'row', index } }));
  }
  const unit = (i: number, v: Rational) => Array.from({ length: d }, (_, k) => (k === i ? v : ZERO));
  return domain.lo.flatMap((lo, i): DomainConstraint[] => [
    { a: unit(i, ONE), b: domain.hi[i], face: { kind: 'upper', input: i } },
    { a: unit(i, neg(ONE)), b: neg(lo), face: { kind: 'lower', input: i } },
  ]);
}

/** A constraint as a primitive integer row a·x <= b (the enumerator's form; a = 0 when it is trivial or empty). */
export function integerConstraint(c: DomainConstraint): { a: bigint[]; b: bigint } {
  let den = c.b.d;
  for (const v of c.a) den = lcm(den, v.d);
  return primitiveRow(
    c.a.map((v) => v.n * (den / v.d)),
    c.b.n * (den / c.b.d),
  );
}

/** Human text. `d` is only needed to name the dimension of the whole space. */
export function describeDomain(domain: Domain, d?: number): string {
  if (domain.kind === 'whole') return d === undefined ? 'whole space' : `whole space R^${d}`;
  if (domain.kind === 'polyhedron') {
    const m = domain.A.length;
    return `polyhedron (${m} ${m === 1 ? 'inequality' : 'inequalities'})`;
  }
  const ivs = domain.lo.map((lo, i) => `[${toString(lo)},${toString(domain.hi[i])}]`);
  if (ivs.length > 1 && ivs.every((s) => s === ivs[0])) return `box ${ivs[0]}^${ivs.length}`;
  return `box ${ivs.join('x')}`;
}

/** JSON-able form; rationals as "p/q" or integer strings (accepted back by parseDomainJson). */
export function domainToJson(domain: Domain): unknown {
  const strs = (v: Rational[]) => v.map(toString);
  switch (domain.kind) {
    case 'box':
      return { kind: 'box', lo: strs(domain.lo), hi: strs(domain.hi) };
    case 'polyhedron':
      return { kind: 'polyhedron', A: domain.A.map(strs), b: strs(domain.b) };
    case 'whole':
      return { kind: 'whole' };
  }
}

/** [-1,1]^d */
export function defaultDomain(d: number): Domain {
  return { kind: 'box', lo: Array.from({ length: d }, () => rat(-1n)), hi: Array.from({ length: d }, () => ONE) };
}

// lo == hi is rejected too: a lower-dimensional domain has no full-dimensional regions.
function checkInterval(lo: Rational, hi: Rational, place: string): void {
  const c = cmp(lo, hi);
  if (c > 0) throw new InputError(`${place}: lower bound above upper bound`);
  if (c === 0) throw new InputError(`${place}: lower bound equals upper bound (the domain would be lower-dimensional)`);
}

const BOX_FORMS = 'expected "LO,HI" or "LO1:HI1,...,LOd:HId"';

/** `--box LO,HI` (the same interval for every input) or `--box LO1:HI1,...,LOd:HId`. */
export function parseBoxSpec(spec: string, d: number): Domain {
  const parts = spec.split(',');
  const num = (s: string, what: string, place: string): Rational => {
    const r = parseRational(s);
    if (r === null) throw new InputError(`${place}: bad ${what} ${showInput(s.trim())}${rationalSyntaxHint(s)}`);
    return r;
  };
  if (!spec.includes(':')) {
    if (parts.length !== 2) throw new InputError(`--box: ${showInput(spec)}: ${BOX_FORMS}`);
    const place = `--box: ${showInput(spec)}`;
    const lo = num(parts[0], 'lower bound', place);
    const hi = num(parts[1], 'upper bound', place);
    checkInterval(lo, hi, place);
    return { kind: 'box', lo: Array.from({ length: d }, () => lo), hi: Array.from({ length: d }, () => hi) };
  }
  if (parts.length !== d) throw new InputError(`--box: ${parts.length} intervals, expected ${d}`);
  const lo: Rational[] = [];
  const hi: Rational[] = [];
  parts.forEach((part, i) => {
    const place = `--box: interval ${i + 1} ${showInput(part.trim())}`;
    const ends = part.split(':');
    if (ends.length !== 2) throw new InputError(`${place}: expected LO:HI`);
    lo.push(num(ends[0], 'lower bound', place));
    hi.push(num(ends[1], 'upper bound', place));
    checkInterval(lo[i], hi[i], place);
  });
  return { kind: 'box', lo, hi };
}

/**
 * How a domain is read: from a JSON file (numbers or exact strings; "kind" may be left out) or a
 * hand-built Domain object (checkDomain in network/validate.ts: {n, d} rationals, "kind" given).
 * One walk for both, so the two report the same mistakes with the same words.
 */
export interface DomainSchema {
  /** The message when the top level is not an object, after "<source>: ". */
  notObject: string;
  number: NumberReader;
  /** Build new arrays (parsing) or check the given ones in place (validation). */
  copy: boolean;
  kindRequired: boolean;
}

const JSON_DOMAIN: DomainSchema = {
  notObject: 'expected a JSON object {"A": [[...]], "b": [...]}',
  number: jsonNumber,
  copy: true,
  kindRequired: false,
};

const KINDS = '(expected "polyhedron", "box" or "whole")';

export function readDomain(v: unknown, d: number, source: string, schema: DomainSchema): Domain {
  if (!isObject(v)) throw new InputError(`${source}: ${schema.notObject}`);
  if (schema.kindRequired && v.kind === undefined) throw new InputError(`kind: missing ${KINDS}`);
  const kind = v.kind ?? ('lo' in v || 'hi' in v ? 'box' : 'polyhedron');
  if (kind === 'whole') return { kind: 'whole' };
  const nums = (x: unknown, place: string, n: number) => readNumbers(x, place, n, schema.number, schema.copy);
  if (kind === 'box') {
    const lo = nums(v.lo, 'lo', d);
    const hi = nums(v.hi, 'hi', d);
    lo.forEach((l, i) => checkInterval(l, hi[i], `lo[${i}], hi[${i}]`));
    return { kind: 'box', lo, hi };
  }
  if (kind !== 'polyhedron') throw new InputError(`kind: unknown domain kind ${showInput(kind)} ${KINDS}`);
  if (v.A === undefined) throw new InputError('A: missing');
  if (!Array.isArray(v.A)) throw new InputError('A: expected an array of rows');
  if (v.A.length === 0) throw new InputError('A: empty');
  const rows = v.A;
  const A: Rational[][] = schema.copy ? new Array<Rational[]>(rows.length) : (rows as Rational[][]);
  for (let i = 0; i < rows.length; i++) {
    const row = nums(rows[i], `A[${i}]`, d);
    if (schema.copy) A[i] = row;
  }
  const b = nums(v.b, 'b', A.length);
  return { kind: 'polyhedron', A, b };
}

/**
 * {"A": [[...]], "b": [...]} meaning A x <= b. Also accepts domainToJson's output, so
 * {"kind": "box", "lo": [...], "hi": [...]} and {"kind": "whole"} work too.
 */
export function parseDomainJson(text: string, d: number, source = 'domain'): Domain {
  return readDomain(parseJsonText(text, source), d, source, JSON_DOMAIN);
}

export function loadDomain(path: string, d: number): Domain {
  const text = readInputFile(path);
  return withPrefix(path, () => parseDomainJson(text, d, path));
}
