/**
 * An independent check of region records against the network, in exact rational arithmetic
 * only (it shares nothing with the enumerator but the network parser and rationals):
 * each witness satisfies its constraints strictly, the exact forward pass at the witness has
 * the stated pattern, and the stated map equals the composition of the layers under the pattern.
 * Completeness (that no region is missing) is the certificate checker's job (issue 3).
 */
import { add, eq, mul, parseRational, rationalSyntaxHint, sign, sub, type Rational, ZERO, ONE } from '../kernel/rational.js';
import { forward } from '../network/forward.js';
import type { Network } from '../network/network.js';
import { isObject, kindOf, showInput } from '../network/parse-json.js';
import { checkNetwork } from '../network/validate.js';

export interface RecordLike {
  id: number;
  pattern: string;
  witness: string[];
  constraints: { a: string[]; b: string }[];
  map: { W: string[][]; c: string[] };
}

export type RecordCheck = { ok: true } | { ok: false; reason: string };

/** A record's numbers, read and shape-checked against the network. */
interface ReadRecord {
  pattern: string;
  witness: Rational[];
  constraints: { a: Rational[]; b: Rational }[];
  W: Rational[][];
  c: Rational[];
}

class Malformed extends Error {}

/**
 * Reads a record that may come from a file (JSON.parse of a JSONL line): every field is checked
 * for its shape and every number is an exact rational string, so a malformed record is a verdict
 * ("invalid") with a one-line reason rather than a TypeError. Throws Malformed.
 */
function readRecord(net: Network, rec: Record<string, unknown>): ReadRecord {
  const bad = (msg: string): never => {
    throw new Malformed(msg);
  };
  const d = net.inputSize;
  const out = net.layers[net.layers.length - 1].weights.length;
  const num = (v: unknown, place: string): Rational => {
    const r = typeof v === 'string' ? parseRational(v) : null;
    return r ?? bad(`${place}: not an exact rational string: ${showInput(v)}${typeof v === 'string' ? rationalSyntaxHint(v) : ''}`);
  };
  const nums = (v: unknown, place: string, n: number): Rational[] => {
    if (!Array.isArray(v)) return bad(`${place}: expected an array of ${n} rational strings, got ${kindOf(v)}`);
    if (v.length !== n) return bad(`${place}: ${v.length} entries, expected ${n}`);
    return Array.from({ length: n }, (_, i) => num(v[i], `${place}[${i}]`));
  };
  if (typeof rec.pattern !== 'string') bad(`pattern: expected a string, got ${showInput(rec.pattern)}`);
  if (!Array.isArray(rec.witness)) bad(`witness: expected an array of rational strings, got ${kindOf(rec.witness)}`);
  const witness = rec.witness as unknown[];
  if (witness.length !== d) bad(`witness has ${witness.length} coordinates, expected ${d}`);
  if (!Array.isArray(rec.constraints)) bad(`constraints: expected an array, got ${kindOf(rec.constraints)}`);
  const constraints = (rec.constraints as unknown[]).map((c, i) => {
    if (!isObject(c)) return bad(`constraints[${i}]: expected an object {a, b}, got ${kindOf(c)}`);
    return { a: nums(c.a, `constraints[${i}].a`, d), b: num(c.b, `constraints[${i}].b`) };
  });
  const map = rec.map;
  if (!isObject(map)) return bad(`map: expected an object {W, c}, got ${kindOf(map)}`);
  if (!Array.isArray(map.W)) bad(`map.W: expected an array of ${out} rows, got ${kindOf(map.W)}`);
  if ((map.W as unknown[]).length !== out) bad(`map.W: ${(map.W as unknown[]).length} rows, expected ${out}`);
  return {
    pattern: rec.pattern as string,
    witness: nums(witness, 'witness', d),
    constraints,
    W: (map.W as unknown[]).map((row, i) => nums(row, `map.W[${i}]`, d)),
    c: nums(map.c, 'map.c', out),
  };
}

/**
 * Checks one region record against a network (hand-built networks are checked first: an
 * InputError if malformed). The record may come from a file: anything wrong with it, its shape
 * included, gives { ok: false, reason } naming the region and the place.
 */
export function checkRecord(net: Network, rec: RecordLike): RecordCheck {
  checkNetwork(net);
  const r = rec as unknown;
  if (!isObject(r)) return { ok: false, reason: `record: expected a JSON object, got ${kindOf(r)}` };
  const idOk = typeof r.id === 'number' && Number.isSafeInteger(r.id) && r.id >= 0;
  const fail = (reason: string): RecordCheck => ({
    ok: false,
    reason: idOk ? `region ${r.id as number}: ${reason}` : `record with id ${showInput(r.id)}: ${reason}`,
  });
  if (!idOk) return fail('id: expected a non-negative integer');
  let read: ReadRecord;
  try {
    read = readRecord(net, r);
  } catch (e) {
    if (e instanceof Malformed) return fail(e.message);
    throw e;
  }
  const x = read.witness;
  for (const [i, c] of read.constraints.entries()) {
    const lhs = c.a.reduce((s, v, k) => add(s, mul(v, x[k])), ZERO);
    if (sign(sub(lhs, c.b)) >= 0) return fail(`witness violates constraint ${i} (strictly)`);
  }
  const trace = forward(net, x);
  const bits = net.layers
    .map((layer, l) => (layer.activation === 'relu' ? trace.signs[l].map((s) => (s > 0 ? '1' : '0')).join('') : null))
    .filter((s): s is string => s !== null)
    .join('|');
  if (bits !== read.pattern) return fail(`pattern at the witness is ${bits}, record says ${showInput(read.pattern)}`);
  const map = composeUnderPattern(net, read.pattern.split('|'));
  for (let i = 0; i < map.W.length; i++) {
    if (!eq(map.c[i], read.c[i])) return fail(`map c[${i}] differs from the composition of the layers`);
    for (let k = 0; k < net.inputSize; k++) {
      if (!eq(map.W[i][k], read.W[i][k])) return fail(`map W[${i}][${k}] differs from the composition of the layers`);
    }
  }
  return { ok: true };
}

/** The network's affine map when ReLU layer bits are fixed to `pattern`. */
export function composeUnderPattern(net: Network, pattern: string[]): { W: Rational[][]; c: Rational[] } {
  const d = net.inputSize;
  let W: Rational[][] = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, k) => (i === k ? ONE : ZERO)));
  let c: Rational[] = new Array(d).fill(ZERO);
  let relu = 0;
  for (const layer of net.layers) {
    const bits = layer.activation === 'relu' ? pattern[relu++] : null;
    const nextW: Rational[][] = [];
    const nextC: Rational[] = [];
    layer.weights.forEach((row, j) => {
      const on = bits === null || bits[j] === '1';
      nextW.push(Array.from({ length: d }, (_, k) => (on ? row.reduce((s, w, i) => add(s, mul(w, W[i][k])), ZERO) : ZERO)));
      nextC.push(on ? row.reduce((s, w, i) => add(s, mul(w, c[i])), layer.bias[j]) : ZERO);
    });
    W = nextW;
    c = nextC;
  }
  return { W, c };
}
