/**
 * Mutations of valid input files for the parser fuzz property. A mutation is plain data (three
 * naturals), so fast-check shrinks a failing case to few, small mutations, and the same seed
 * replays it. Text mutations know about tokens (numbers, words, punctuation) so that most of the
 * mutated files still get past the lexer and reach the checks deep inside the parsers.
 */
import fc from 'fast-check';
import { modelProtoType } from '../src/network/onnx-proto.js';
import { mulberry32 } from '../test/helpers/random.js';

/** [kind, position, payload], each interpreted modulo what it indexes. */
export type Mutation = [number, number, number];

export const mutationsArb = (max = 4): fc.Arbitrary<Mutation[]> =>
  fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: max });

const NEST = 20_000; // deep enough to overflow any recursive descent

/** Random digits (a run of one digit is easy for Euclid's gcd; random ones made the old parser take seconds). */
export function randomDigits(n: number, seed = 1): string {
  const rnd = mulberry32(seed);
  return Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
}
/** "0.ddd…" with 60000 random digits: reducing it over 10^60000 by Euclid took 6 s. */
export const LONG_DECIMAL = `0.${randomDigits(60_000)}`;
const deep = (open: string, close: string, inner = '') => open.repeat(NEST) + inner + close.repeat(NEST);

/** Numbers that parsers get wrong: overflow, non-finite spellings, huge exponents, long digit strings. */
export const NUMERIC_NASTIES = [
  '1e400', '-1e400', '1e-400', 'NaN', '-NaN', 'nan', 'Infinity', '-Infinity', 'inf', '-0', '+0', '-0.0', '0',
  '1e999999999', '1e-999999999', '-1E+999999999', '1e10001', '1e-10001', '1e10000', '9e9999999999999999999',
  '9'.repeat(5000), LONG_DECIMAL, `${randomDigits(15_000, 2)}/${randomDigits(15_000, 3)}1`,
  '1/' + '3'.repeat(20_000), '1' + '0'.repeat(400) + '/' + '3'.repeat(401), '1/0', '-1/0', '0/0', '1/3', '-2/4',
  '0x10', '1_000', '1.2.3', '.', '-', '+', 'e5', '1e', '1e+', '--1', '4294967296', '9007199254740993',
  '-9007199254740993', '1.5', '2.5e-3', '1e-320', '5e-324', '1.7976931348623157e308', '.5', '5.',
];

/** Tokens that are not numbers: keys that are special in JS, JSON literals, deep nesting. */
export const OTHER_NASTIES = [
  '"__proto__"', '"constructor"', '"prototype"', '"toString"', '"hasOwnProperty"', 'null', 'true', 'false',
  '[]', '{}', '""', '"relu"', '"linear"', '"Linear"', '"whole"', '"box"', '"polyhedron"', '(', ')', '[', ']', '{',
  '}', ',', ':', ';', '|', '"', '\n', '\r', '\t', '\u0000', '\u2028', '\uFEFF', 'X_0', 'Y_0', 'X_99999999999999999999',
  '(and', '(or', 'assert', 'declare-const', 'Real', '<=', '>=', '<', '>', '//', '|a\nb|', '"a\nb"',
  '{"__proto__": {"inputSize": 2}}', '{"constructor": {"prototype": 1}}',
  deep('[', ']'), deep('{"a":', '}', '1'), deep('(', ')'), deep('(and ', ')', '(<= X_0 1)'), deep('(- ', ')', '1'),
];

const NASTIES = [...NUMERIC_NASTIES, ...OTHER_NASTIES];

const TOKEN_RE = /"(?:[^"\\\n]|\\.)*"|[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?:\/\d+)?|[A-Za-z_][\w.-]*|\S/g;
const NUMBER_RE = /^"?[+-]?(?:\d|\.\d)/;

function tokens(text: string): { start: number; end: number; text: string }[] {
  return [...text.matchAll(TOKEN_RE)].map((m) => ({ start: m.index!, end: m.index! + m[0].length, text: m[0] }));
}

const splice = (s: string, start: number, end: number, insert: string) => s.slice(0, start) + insert + s.slice(end);

/** Applies the mutations in order. Kinds: token swap, numeric replacement, nasty token, byte-ish edits. */
export function mutateText(text: string, mutations: Mutation[]): string {
  for (const [kind, pos, payload] of mutations) {
    const toks = tokens(text);
    const at = text.length === 0 ? 0 : pos % (text.length + 1);
    switch (kind % 9) {
      case 0: {
        // replace a token by another token of the same file
        if (toks.length === 0) break;
        const t = toks[pos % toks.length];
        text = splice(text, t.start, t.end, toks[payload % toks.length].text);
        break;
      }
      case 1: {
        // replace a number by a nasty number (quoted if the number was quoted)
        const nums = toks.filter((t) => NUMBER_RE.test(t.text));
        if (nums.length === 0) break;
        const t = nums[pos % nums.length];
        const v = NUMERIC_NASTIES[payload % NUMERIC_NASTIES.length];
        text = splice(text, t.start, t.end, t.text.startsWith('"') && !v.startsWith('"') ? `"${v}"` : v);
        break;
      }
      case 2: {
        // replace any token by a nasty one
        if (toks.length === 0) break;
        const t = toks[pos % toks.length];
        text = splice(text, t.start, t.end, NASTIES[payload % NASTIES.length]);
        break;
      }
      case 3: // delete a token
        if (toks.length > 0) text = splice(text, toks[pos % toks.length].start, toks[pos % toks.length].end, '');
        break;
      case 4: // truncate
        text = text.slice(0, at);
        break;
      case 5: // flip one character
        if (text.length > 0) text = splice(text, pos % text.length, (pos % text.length) + 1, String.fromCharCode(payload % 256));
        break;
      case 6: // insert a nasty token
        text = splice(text, at, at, NASTIES[payload % NASTIES.length]);
        break;
      case 7: {
        // duplicate a range (repeated lines, layers, asserts)
        const end = Math.min(text.length, at + (payload % 400));
        text = splice(text, end, end, text.slice(at, end));
        break;
      }
      default: // delete a range
        text = splice(text, at, Math.min(text.length, at + (payload % 64) + 1), '');
    }
  }
  return text;
}

/** Byte-level mutations for binary formats (ONNX): flips, truncation, insertion, deletion, duplication. */
export function mutateBytes(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
  let b = Uint8Array.from(bytes);
  for (const [kind, pos, payload] of mutations) {
    const at = b.length === 0 ? 0 : pos % (b.length + 1);
    const cat = (...parts: ArrayLike<number>[]) => {
      const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let o = 0;
      for (const p of parts) {
        out.set(p as ArrayLike<number>, o);
        o += p.length;
      }
      return out;
    };
    switch (kind % 6) {
      case 0:
      case 1: // flip a byte (most common: keeps the length, reaches the semantic checks)
        if (b.length > 0) b[pos % b.length] = payload % 256;
        break;
      case 2:
        b = b.slice(0, at);
        break;
      case 3: // insert bytes (0xff runs make huge varints)
        b = cat(b.subarray(0, at), new Uint8Array((payload % 9) + 1).fill(payload % 2 ? 0xff : payload % 256), b.subarray(at));
        break;
      case 4:
        b = cat(b.subarray(0, at), b.subarray(Math.min(b.length, at + (payload % 32) + 1)));
        break;
      default: {
        const end = Math.min(b.length, at + (payload % 256));
        b = cat(b.subarray(0, end), b.subarray(at, end), b.subarray(end));
      }
    }
  }
  return b;
}

// ---------------------------------------------------------------------------------------------
// ONNX: structured mutations of the decoded model (random bytes rarely decode, so these are what
// reach the converter: absurd dims, wrong data types, rewired nodes, odd attributes).

type Obj = Record<string, any>;

export const BIG_INTS = [0, 1, -1, 2, 3, 5, 50, 2 ** 26, 2 ** 31, 2 ** 40, 2 ** 53 - 1, -(2 ** 31), 1e6, 200_000];
export const OPS = ['Gemm', 'MatMul', 'Add', 'Sub', 'Mul', 'Div', 'Neg', 'Relu', 'Flatten', 'Reshape', 'Squeeze', 'Unsqueeze',
  'Transpose', 'Identity', 'Dropout', 'Constant', 'Shape', 'Gather', 'Concat', 'Cast', 'Conv', '', 'Relu\n'];
const ATTRS = ['axis', 'perm', 'transA', 'transB', 'alpha', 'beta', 'shape', 'axes', 'broadcast', 'to', 'start', 'end', 'value', 'allowzero'];

export function mutateOnnx(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
  const T = modelProtoType();
  const m = T.decode(bytes) as Obj;
  const g = m.graph as Obj;
  const inits: Obj[] = g.initializer ?? [];
  const nodes: Obj[] = g.node ?? [];
  const names = [...inits.map((t) => t.name), ...nodes.flatMap((n) => n.output ?? []), ...(g.input ?? []).map((v: Obj) => v.name), ''];
  const at = <X>(xs: X[], i: number): X | undefined => (xs.length ? xs[i % xs.length] : undefined);
  for (const [kind, pos, payload] of mutations) {
    const big = BIG_INTS[payload % BIG_INTS.length];
    const t = at(inits, pos);
    const n = at(nodes, pos);
    switch (kind % 8) {
      case 0:
        if (t?.dims?.length) t.dims[payload % t.dims.length] = big;
        break;
      case 1:
        if (t) t.dataType = payload % 20;
        break;
      case 2: {
        const dims = g.input?.[0]?.type?.tensorType?.shape?.dim as Obj[] | undefined;
        if (dims?.length) dims[pos % dims.length] = { dimValue: big };
        break;
      }
      case 3:
        if (n) n.opType = OPS[payload % OPS.length];
        break;
      case 4:
        if (n?.input?.length) n.input[payload % n.input.length] = at(names, pos >> 3) ?? '';
        break;
      case 5:
        if (n) {
          const name = ATTRS[payload % ATTRS.length];
          (n.attribute ??= []).push({ name, i: big, f: [NaN, Infinity, 0, -1e38, 1e-45][pos % 5], ints: [big, -big, pos % 4] });
        }
        break;
      case 6:
        if (t?.rawData?.length) t.rawData = t.rawData.subarray(0, pos % t.rawData.length);
        else if (t) t.name = at(names, payload) ?? '';
        break;
      default:
        if (g.output?.[0]) g.output[0].name = at(names, payload) ?? 'nowhere';
    }
  }
  return T.encode(m).finish();
}

// ---------------------------------------------------------------------------------------------
// Hand-built objects (library entries): replace or delete a leaf or a branch with a value that
// JSON cannot hold — bigints, symbols, functions, holes, cycles, null-prototype objects.

const circular: Obj = { inputSize: 2 };
circular.layers = [circular];
const deepArray = JSON.parse(deep('[', ']')) as unknown;

const NASTY_VALUES: unknown[] = [
  undefined, null, 0, -1, 1.5, NaN, Infinity, 2 ** 53, 1n, -1n, 0n, '', 'relu', 'Linear', '2', true, [], {}, [1, , 3],
  { n: 1n, d: 0n }, { n: 1n, d: -1n }, { n: 1, d: 1n }, { n: 1n }, { n: 1n, d: 1n, extra: 'x' }, Symbol('a\nb'), () => 1,
  Object.create(null), deepArray, circular, new Array(5), { kind: 'box' }, { kind: 'whole' }, { index: 1, count: 1 },
];

const NASTY_SET = new Set(NASTY_VALUES);

/** A copy of `root` with the mutations applied at nodes chosen by position (bigints survive structuredClone). */
export function mutateObject(root: object, mutations: Mutation[]): unknown {
  const copy = structuredClone(root) as Obj;
  for (const [kind, pos, payload] of mutations) {
    const slots: [Obj, string | number][] = [];
    const walk = (v: unknown, depth: number) => {
      // the shared nasty values are left alone (changing them would change later runs)
      if (typeof v !== 'object' || v === null || NASTY_SET.has(v) || depth > 6 || slots.length > 5000) return;
      for (const k of Object.keys(v)) {
        slots.push([v as Obj, Array.isArray(v) ? Number(k) : k]);
        walk((v as Obj)[k], depth + 1);
      }
    };
    walk(copy, 0);
    if (slots.length === 0) break;
    const [parent, key] = slots[pos % slots.length];
    if (kind % 4 === 0) delete parent[key];
    else parent[key] = NASTY_VALUES[payload % NASTY_VALUES.length];
  }
  return copy;
}
