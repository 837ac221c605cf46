/**
 * Counterexamples first: a float search for a point of the unsafe set before (and beside) the
 * exact search. Floats only propose: every candidate is rounded to an exact point of the box and
 * handed to `confirm` (the exact forward pass); only a confirmed point is a counterexample.
 *
 * For each disjunct of the unsafe set (atoms c·y + a·x + k <= 0), the loss is the largest atom
 * value, max_j (c_j·f(x) + a_j·x + k_j): a point with loss <= 0 violates the property. Projected
 * sign-gradient descent (the loss's subgradient through the argmax atom and the ReLU masks, steps
 * relative to the box's sides, halved when they stop helping) runs from the box's centre, given
 * points (`from`: the star search's LP minimisers), its corners (counterexamples of ACAS Xu
 * properties 7 and 8 sit on faces) and seeded random points (pure-rand: the same seed gives the
 * same search).
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { AffineProperty } from '../certify/verdict-format.js';
import { cmp, fromDouble, toDouble, type Rational } from '../kernel/rational.js';
import type { Network } from '../network/network.js';

export interface AttackOptions {
  seed?: number;
  /** Random starting points besides the centre and the corners (default 32). */
  starts?: number;
  /** Descent steps per start (default 40). */
  steps?: number;
  /** At most this many corners (default 64; the first ones of the binary order). */
  corners?: number;
  /** Start from the box's centre (default true). */
  centre?: boolean;
  /** More starting points (doubles, clamped to the box), tried right after the centre. */
  from?: Float64Array[];
  /** Descend on the largest atom (max) or on the sum of the atoms' positive parts (hinge); default both in turn. */
  loss?: 'max' | 'hinge' | 'both';
}

interface FloatLayer {
  W: Float64Array[]; // rows
  b: Float64Array;
  relu: boolean;
}

// the float copy of a network, made once (verify attacks again every 64 boxes)
const floatCache = new WeakMap<Network, FloatLayer[]>();
function floatLayers(net: Network): FloatLayer[] {
  let layers = floatCache.get(net);
  if (!layers) {
    layers = net.layers.map((l) => ({ W: l.weights.map((row) => Float64Array.from(row, toDouble)), b: Float64Array.from(l.bias, toDouble), relu: l.activation === 'relu' }));
    floatCache.set(net, layers);
  }
  return layers;
}

/** The float output and, for the backward pass, each ReLU layer's active mask. */
function run(layers: FloatLayer[], x: Float64Array): { y: Float64Array; masks: Uint8Array[] } {
  let h = x;
  const masks: Uint8Array[] = [];
  for (const l of layers) {
    const out = new Float64Array(l.W.length);
    const mask = new Uint8Array(l.W.length);
    for (let j = 0; j < l.W.length; j++) {
      const row = l.W[j];
      let s = l.b[j];
      for (let i = 0; i < row.length; i++) s += row[i] * h[i];
      if (l.relu) {
        mask[j] = s > 0 ? 1 : 0;
        out[j] = s > 0 ? s : 0;
      } else {
        mask[j] = 1;
        out[j] = s;
      }
    }
    masks.push(mask);
    h = out;
  }
  return { y: h, masks };
}

/** c·∂f/∂x at the point whose masks are given (backward pass of a row vector). */
function pullBack(layers: FloatLayer[], masks: Uint8Array[], c: Float64Array): Float64Array {
  let g = c;
  for (let l = layers.length - 1; l >= 0; l--) {
    const { W } = layers[l];
    const next = new Float64Array(W[0].length);
    for (let j = 0; j < W.length; j++) {
      const gj = g[j] * masks[l][j];
      if (gj === 0) continue;
      const row = W[j];
      for (let i = 0; i < row.length; i++) next[i] += gj * row[i];
    }
    g = next;
  }
  return g;
}

interface FloatAtom {
  c: Float64Array;
  a: Float64Array;
  k: number;
}

/**
 * Searches the property's box for a counterexample; returns the first exact point that `confirm`
 * accepts (with whatever confirm returns), or null.
 */
export function attack<T>(net: Network, prop: AffineProperty, confirm: (x: Rational[]) => T | null, options: AttackOptions = {}): T | null {
  const d = net.inputSize;
  const layers = floatLayers(net);
  const lo = Float64Array.from(prop.lo, toDouble);
  const hi = Float64Array.from(prop.hi, toDouble);
  const width = hi.map((h, i) => h - lo[i]);
  const disjuncts: FloatAtom[][] = prop.unsafe.map((conj) => conj.map((a) => ({ c: Float64Array.from(a.c, toDouble), a: Float64Array.from(a.a, toDouble), k: toDouble(a.k) })));
  if (disjuncts.length === 0) return null;
  const rng = xoroshiro128plus(options.seed ?? 1);
  const steps = options.steps ?? 40;

  // the largest atom value decides a hit; the descent follows the sum of the atoms' positive
  // parts (every violated atom pulls), which leaves flat stretches of the max behind
  const loss = (x: Float64Array, conj: FloatAtom[]): { value: number; top: number; hinge: number; active: boolean[]; masks: Uint8Array[] } => {
    const { y, masks } = run(layers, x);
    let value = -Infinity;
    let top = 0;
    let hinge = 0;
    const active = conj.map((a, j) => {
      let v = a.k;
      for (let o = 0; o < y.length; o++) v += a.c[o] * y[o];
      for (let i = 0; i < d; i++) v += a.a[i] * x[i];
      if (v > value) {
        value = v;
        top = j;
      }
      if (v >= 0) hinge += v;
      return v >= 0;
    });
    return { value, top, hinge, active, masks };
  };

  /** The exact point nearest x inside the box (bounds exactly, so a rounded corner stays in). */
  const exact = (x: Float64Array): Rational[] =>
    Array.from(x, (v, i) => {
      const r = fromDouble(v);
      return cmp(r, prop.lo[i]) < 0 ? prop.lo[i] : cmp(r, prop.hi[i]) > 0 ? prop.hi[i] : r;
    });

  const descend = (start: Float64Array, conj: FloatAtom[], hingeMode: boolean): T | null => {
    const x = Float64Array.from(start);
    let cur = loss(x, conj);
    let eta = 0.1;
    for (let step = 0; step <= steps; step++) {
      if (cur.value <= 0) {
        const hit = confirm(exact(x));
        if (hit !== null) return hit;
      }
      if (step === steps) break;
      // subgradient of the hinge sum (Σ over violated atoms of c·∂f/∂x + a), or of the max (its argmax atom)
      const c = new Float64Array(conj[0].c.length);
      const direct = new Float64Array(d);
      conj.forEach((a, j) => {
        if (hingeMode ? !cur.active[j] : j !== cur.top) return;
        for (let o = 0; o < c.length; o++) c[o] += a.c[o];
        for (let i = 0; i < d; i++) direct[i] += a.a[i];
      });
      const g = pullBack(layers, cur.masks, c);
      const trial = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        const v = x[i] - eta * width[i] * Math.sign(g[i] + direct[i]);
        trial[i] = v < lo[i] ? lo[i] : v > hi[i] ? hi[i] : v;
      }
      const next = loss(trial, conj);
      if (hingeMode ? next.hinge < cur.hinge || next.value < cur.value : next.value < cur.value) {
        x.set(trial);
        cur = next;
        eta = Math.min(0.5, eta * 1.5);
      } else {
        eta /= 2;
        if (eta < 1e-7) break;
      }
    }
    return null;
  };

  const starts: Float64Array[] = options.centre === false ? [] : [Float64Array.from(lo, (l, i) => (l + hi[i]) / 2)];
  for (const x of options.from ?? []) starts.push(Float64Array.from(x, (v, i) => (v < lo[i] ? lo[i] : v > hi[i] ? hi[i] : v)));
  const free = Array.from({ length: d }, (_, i) => i).filter((i) => width[i] > 0);
  const corners = Math.min(options.corners ?? 64, 2 ** free.length);
  for (let c = 0; c < corners; c++) starts.push(Float64Array.from(lo, (l, i) => (free.indexOf(i) >= 0 && (c >> free.indexOf(i)) & 1 ? hi[i] : l)));
  for (let s = 0; s < (options.starts ?? 32); s++) starts.push(Float64Array.from(lo, (l, i) => l + uniformFloat64(rng) * width[i]));
  for (const start of starts) {
    for (const conj of disjuncts) {
      const mode = options.loss ?? 'both';
      for (const hinge of mode === 'both' ? [false, true] : [mode === 'hinge']) {
        const hit = descend(start, conj, hinge);
        if (hit !== null) return hit;
      }
    }
  }
  return null;
}

/** The largest share of a search's elapsed time that its rounds of the attack may take (both engines). */
export const ATTACK_SHARE = 0.1;

/**
 * The attack as a search runs it in rounds: on a box of its choice, the seconds taken added up,
 * so that the search attacks again only while the attack has taken at most ATTACK_SHARE of the
 * time (long searches keep looking, searches that end unsat pay little).
 */
export class TimedAttack<T> {
  seconds = 0;

  constructor(
    private readonly net: Network,
    private readonly prop: AffineProperty,
    private readonly confirm: (x: Rational[]) => T | null,
  ) {}

  run(where: { lo: Rational[]; hi: Rational[] }, options: AttackOptions): T | null {
    const start = performance.now();
    const hit = attack(this.net, { ...this.prop, lo: where.lo, hi: where.hi }, this.confirm, options);
    this.seconds += (performance.now() - start) / 1000;
    return hit;
  }

  /** Whether the attack has taken at most ATTACK_SHARE of `elapsed` seconds. */
  withinShare(elapsed: number): boolean {
    return this.seconds <= ATTACK_SHARE * elapsed;
  }
}
