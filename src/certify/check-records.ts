/**
 * An independent check of region records against the network, in exact rational arithmetic
 * only (it shares nothing with the enumerator but the network parser and rationals):
 * each witness satisfies its constraints strictly, the exact forward pass at the witness has
 * the stated pattern, and the stated map equals the composition of the layers under the pattern.
 * Completeness (that no region is missing) is the certificate checker's job (issue 3).
 */
import { add, eq, mul, parseRational, sign, sub, type Rational, ZERO, ONE } from '../kernel/rational.js';
import { forward } from '../network/forward.js';
import type { Network } from '../network/network.js';

export interface RecordLike {
  id: number;
  pattern: string;
  witness: string[];
  constraints: { a: string[]; b: string }[];
  map: { W: string[][]; c: string[] };
}

export type RecordCheck = { ok: true } | { ok: false; reason: string };

export function checkRecord(net: Network, rec: RecordLike): RecordCheck {
  const fail = (reason: string): RecordCheck => ({ ok: false, reason: `region ${rec.id}: ${reason}` });
  const num = (s: string): Rational => {
    const r = parseRational(s);
    if (!r) throw new Error(`region ${rec.id}: not a rational: ${s}`);
    return r;
  };
  const x = rec.witness.map(num);
  if (x.length !== net.inputSize) return fail(`witness has ${x.length} coordinates, expected ${net.inputSize}`);
  for (const [i, c] of rec.constraints.entries()) {
    const lhs = c.a.reduce((s, v, k) => add(s, mul(num(v), x[k])), ZERO);
    if (sign(sub(lhs, num(c.b))) >= 0) return fail(`witness violates constraint ${i} (strictly)`);
  }
  const trace = forward(net, x);
  const bits = net.layers
    .map((layer, l) => (layer.activation === 'relu' ? trace.signs[l].map((s) => (s > 0 ? '1' : '0')).join('') : null))
    .filter((s): s is string => s !== null)
    .join('|');
  if (bits !== rec.pattern) return fail(`pattern at the witness is ${bits}, record says ${rec.pattern}`);
  const map = composeUnderPattern(net, rec.pattern.split('|'));
  for (let i = 0; i < map.W.length; i++) {
    if (!eq(map.c[i], num(rec.map.c[i]))) return fail(`map c[${i}] differs from the composition of the layers`);
    for (let k = 0; k < net.inputSize; k++) {
      if (!eq(map.W[i][k], num(rec.map.W[i][k]))) return fail(`map W[${i}][${k}] differs from the composition of the layers`);
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
