/**
 * Exact equivalence of two networks on a domain: enumerate the regions of the first; on each,
 * enumerate the regions of the second inside it (its closure as a polyhedral domain) and
 * compare the two exact affine maps. Different maps on an open piece give a point where the
 * networks differ: the piece's witness, or, if the maps happen to agree there, a point nudged
 * exactly along the gradient of their difference.
 */
import type { Domain } from '../domain/domain.js';
import { createEnumeration, type EnumerateOptions } from '../enumerate/enumerate.js';
import type { IntAffine } from '../enumerate/affine.js';
import { InputError } from '../errors.js';
import { dot, nudgeInside, pointToRationals, type Point } from '../kernel/intvec.js';
import { eq, rat, type Rational } from '../kernel/rational.js';
import type { Row } from '../lp/interior.js';
import { forward } from '../network/forward.js';
import type { Network } from '../network/network.js';
import { checkNetwork, checkQuery } from '../network/validate.js';
import { Pacer, splitStopOptions, type StopOptions, type StopReason } from '../run-control.js';

export type Equivalence =
  | { equivalent: true; regions: number; pieces: number }
  | { equivalent: false; x: Rational[]; y1: Rational[]; y2: Rational[] }
  /** Stopped before an answer (run-control.ts): the maps agree on every piece compared so far. */
  | { equivalent: null; stopped: StopReason; regions: number; pieces: number };

export async function equivalence(net1: Network, net2: Network, domain?: Domain, options: EnumerateOptions & StopOptions = {}): Promise<Equivalence> {
  const [stop, enumerateOptions] = splitStopOptions(options);
  const pacer = new Pacer(stop);
  checkQuery(net1, domain, options, 'net1');
  checkNetwork(net2, 'net2');
  const d = net1.inputSize;
  if (net2.inputSize !== d) throw new InputError(`the networks have ${d} and ${net2.inputSize} inputs`);
  const out = (n: Network) => n.layers[n.layers.length - 1].weights.length;
  if (out(net1) !== out(net2)) throw new InputError(`the networks have ${out(net1)} and ${out(net2)} outputs`);
  let regions = 0;
  let pieces = 0;
  for (const r1 of createEnumeration(net1, { ...enumerateOptions, domain }).regions()) {
    regions++;
    const piece: Domain = {
      kind: 'polyhedron',
      A: r1.rows.map((r) => r.a.map((v) => rat(v))),
      b: r1.rows.map((r) => rat(r.b)),
    };
    for (const r2 of createEnumeration(net2, { ...enumerateOptions, domain: piece, engine: 'lp' }).regions()) {
      pieces++;
      if (sameMap(r1.map, r2.map)) {
        if (await pacer.tick()) return { equivalent: null, stopped: pacer.reason!, regions, pieces };
        continue;
      }
      const x = pointToRationals(pointWhereMapsDiffer(r1.map, r2.map, r2.witness, r2.rows));
      const y1 = forward(net1, x).output;
      const y2 = forward(net2, x).output;
      if (y1.every((v, i) => eq(v, y2[i]))) throw new Error('equivalence: internal error: the maps differ but the outputs agree');
      return { equivalent: false, x, y1, y2 };
    }
  }
  return { equivalent: true, regions, pieces };
}

function sameMap(a: IntAffine, b: IntAffine): boolean {
  // (M x + c)/den: compare by cross-multiplying with the other denominator
  for (let i = 0; i < a.M.length; i++) {
    if (a.c[i] * b.den !== b.c[i] * a.den) return false;
    for (let k = 0; k < a.M[i].length; k++) if (a.M[i][k] * b.den !== b.M[i][k] * a.den) return false;
  }
  return true;
}

/** The difference D(x) = map1(x) − map2(x) is a nonzero affine map; find x strictly inside `rows` with D(x) != 0. */
function pointWhereMapsDiffer(a: IntAffine, b: IntAffine, w: Point, rows: Row[]): Point {
  // D_i(x) ∝ g·x + e with g = M1_i·den2 − M2_i·den1, e = c1_i·den2 − c2_i·den1
  for (let i = 0; i < a.M.length; i++) {
    const g = a.M[i].map((v, k) => v * b.den - b.M[i][k] * a.den);
    const e = a.c[i] * b.den - b.c[i] * a.den;
    if (dot(g, w.p) + e * w.q !== 0n) return w;
    if (g.every((v) => v === 0n)) continue; // D_i constant 0 (and e = 0 since D_i(w) = 0)
    return nudgeInside(w, g, rows); // moves D_i by |g|²/N != 0
  }
  throw new Error('equivalence: internal error: maps differ nowhere');
}
