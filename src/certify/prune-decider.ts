/**
 * The one decision behind every pruned box of `verify` and every pruned leaf its checker reads:
 * is, for every disjunct, the named atom impossible on the box? A filtered predicate in the
 * manner of robust-predicates: the float CROWN bound with proven directed rounding
 * (linear-bounds.ts: every rounding moves away from the bound it serves, dot products corrected
 * by a rigorous error bound, so a float bound > 0 proves the exact bound > 0) decides when it
 * is > 0; otherwise the exact fixed-point bound (box-bound.ts, BigInt, no floats) decides.
 * With `exactOnly`, only the exact bound decides (an answer that no float computation touched).
 *
 * Both bounds chain neuron bounds over the leaf's p nearest ancestor boxes: the farthest one's
 * bounds on its own, each nearer one's intersected with those of the one above it, as the
 * search reuses a parent's bounds in its halves. The chain along the current path is memoised
 * (leaves arrive in preorder, so siblings share it); memory stays one chain deep.
 */
import { add, mul, sign, toString, type Rational } from '../kernel/rational.js';
import type { PinnedNetwork } from '../network/pin-inputs.js';
import { boxBounds, boxLowerBounds, type BoxObjective, type NeuronBounds as ExactNeurons } from './box-bound.js';
import { isIndex } from './checker.js';
import { linearBounds, type NeuronBounds as FloatNeurons } from './linear-bounds.js';
import type { AffineAtom, AffineProperty } from './verdict-format.js';

export interface PruneBox {
  lo: Rational[];
  hi: Rational[];
}

/** One box of the memoised chain: its key, and its bounds chained from the chain's first box. */
interface Link {
  key: string;
  box: PruneBox;
  float?: FloatNeurons | null;
  exact?: ExactNeurons;
}

/** Min over the box of the atom's input part a·x, plus k (exact). */
export function inputPartMin(atom: AffineAtom, lo: Rational[], hi: Rational[]): Rational {
  let k = atom.k;
  atom.a.forEach((ai, i) => {
    if (ai.n !== 0n) k = add(k, mul(ai, ai.n > 0n ? lo[i] : hi[i]));
  });
  return k;
}

/**
 * The objectives c·f(x) + min_box(a·x) + k of the atoms named (one per disjunct), with the
 * disjunct each belongs to; atoms without output terms are decided here, exactly. A string
 * says why the atoms cannot refute the box.
 */
export function pruneObjectives(prop: AffineProperty, lo: Rational[], hi: Rational[], atoms: readonly unknown[]): { objectives: BoxObjective[]; owner: number[] } | string {
  if (atoms.length !== prop.unsafe.length) return `${atoms.length} atoms for ${prop.unsafe.length} disjuncts`;
  const objectives: BoxObjective[] = [];
  const owner: number[] = [];
  for (let k = 0; k < atoms.length; k++) {
    const j = atoms[k];
    if (!isIndex(j) || j >= prop.unsafe[k].length) return `disjunct ${k} has no atom ${JSON.stringify(j)}`;
    const atom = prop.unsafe[k][j];
    const constant = inputPartMin(atom, lo, hi);
    if (atom.c.every((v) => v.n === 0n)) {
      if (sign(constant) <= 0) return `disjunct ${k}, atom ${j}: its minimum over the box is ${toString(constant)} <= 0`;
      continue;
    }
    objectives.push({ c: atom.c, k: constant });
    owner.push(k);
  }
  return { objectives, owner };
}

/**
 * Why atoms[k] (one atom per disjunct) do not all refute the unsafe set on the box [lo, hi]
 * (full coordinates; pinned inputs have lo = hi), or null when they do, by the exact bound
 * alone: every chosen atom's left side has an exact lower bound > 0 on the box (box-bound.ts,
 * every unstable neuron refined, neuron bounds intersected with `prior` if given): the exact
 * half of the decision (`verify --exact-prunes`, and PruneDecider when its filter says no).
 */
export function pruneFailure(pinned: PinnedNetwork, prop: AffineProperty, lo: Rational[], hi: Rational[], atoms: readonly unknown[], prior?: ExactNeurons): string | null {
  const made = pruneObjectives(prop, lo, hi, atoms);
  if (typeof made === 'string') return made;
  const { objectives, owner } = made;
  if (objectives.length === 0) return null;
  const free = pinned.free;
  const bounds = boxLowerBounds(
    pinned.net,
    free.map((i) => lo[i]),
    free.map((i) => hi[i]),
    objectives,
    { refine: () => true, prior },
  );
  const bad = bounds.findIndex((b) => b.n <= 0n);
  if (bad < 0) return null;
  return `disjunct ${owner[bad]}, atom ${atoms[owner[bad]]}: its exact lower bound on the box is ${toString({ n: bounds[bad].n, d: bounds[bad].d })} <= 0`;
}

/**
 * The exact neuron bounds of a box (every unstable neuron refined), intersected with `prior`,
 * the bounds of a box containing it: chained from ancestor to descendant, they tighten like the
 * float search's reuse of a parent's bounds.
 */
export function chainedBounds(pinned: PinnedNetwork, lo: Rational[], hi: Rational[], prior?: ExactNeurons): ExactNeurons {
  const free = pinned.free;
  return boxBounds(pinned.net, free.map((i) => lo[i]), free.map((i) => hi[i]), [], { refine: () => true, prior }).neurons;
}

export class PruneDecider {
  private chain: Link[] = [];
  /** Leaves decided by the float filter, and by the exact bound. */
  readonly counts = { filter: 0, exact: 0 };

  constructor(
    private readonly pinned: PinnedNetwork,
    private readonly prop: AffineProperty,
    private readonly options: { exactOnly?: boolean } = {},
  ) {}

  /**
   * Why the atoms (one per disjunct) do not refute the box [lo, hi] (full coordinates; pinned
   * inputs have lo = hi) with neuron bounds chained over `ancestors` (nearest first), or null
   * when they do.
   */
  failure(box: PruneBox, atoms: unknown[], ancestors: PruneBox[]): string | null {
    const made = pruneObjectives(this.prop, box.lo, box.hi, atoms);
    if (typeof made === 'string') return made;
    const { objectives } = made;
    if (objectives.length === 0) return null;
    const free = this.pinned.free;
    const lo = free.map((i) => box.lo[i]);
    const hi = free.map((i) => box.hi[i]);
    this.follow(ancestors);
    const parent = this.chain.at(-1);
    if (!this.options.exactOnly) {
      const prior = parent ? this.floatOf(this.chain.length - 1) : undefined;
      const float = linearBounds(this.pinned.net, lo, hi, objectives, { refine: true, prior: prior ?? undefined });
      if (float.bounds.every((b) => b.bound > 0)) {
        this.counts.filter++;
        return null;
      }
    }
    const reason = pruneFailure(this.pinned, this.prop, box.lo, box.hi, atoms, parent ? this.exactOf(this.chain.length - 1) : undefined);
    if (reason === null) this.counts.exact++;
    return reason;
  }

  /** Makes the memoised chain the ancestors' (farthest first), keeping the common prefix. */
  private follow(ancestors: PruneBox[]): void {
    const want = [...ancestors].reverse();
    let same = 0;
    while (same < want.length && same < this.chain.length && this.chain[same].key === keyOf(want[same])) same++;
    this.chain.length = same;
    for (let t = same; t < want.length; t++) this.chain.push({ key: keyOf(want[t]), box: want[t] });
  }

  private freeBox(b: PruneBox): { lo: Rational[]; hi: Rational[] } {
    return { lo: this.pinned.free.map((i) => b.lo[i]), hi: this.pinned.free.map((i) => b.hi[i]) };
  }

  private floatOf(t: number): FloatNeurons | null {
    const link = this.chain[t];
    if (link.float === undefined) {
      const prior = t > 0 ? this.floatOf(t - 1) : null;
      const { lo, hi } = this.freeBox(link.box);
      link.float = linearBounds(this.pinned.net, lo, hi, [], { refine: true, prior: prior ?? undefined }).neurons;
    }
    return link.float;
  }

  private exactOf(t: number): ExactNeurons {
    const link = this.chain[t];
    if (link.exact === undefined) {
      link.exact = chainedBounds(this.pinned, link.box.lo, link.box.hi, t > 0 ? this.exactOf(t - 1) : undefined);
    }
    return link.exact;
  }
}

const keyOf = (b: PruneBox): string => [...b.lo, ...b.hi].map(toString).join(',');
