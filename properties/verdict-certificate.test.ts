/**
 * Verdict certificates of random verification problems: every certificate (sat or unsat) checks
 * as valid, with and without the property given; then every tampering of the kinds below is
 * rejected by the independent checker (at the tampered line where that is determined).
 *
 * Problems: small float32 nets (2-3 inputs, widths [4,3,1], [3,3,2] or [5,2], linear read-out)
 * over [-1,1]^d with some inputs pinned (lo = hi), and an unsafe set of 1-2 disjuncts whose atoms
 * are output thresholds near the exact range of the output (outputRange, on the pinned net),
 * input bounds, output comparisons Y_a <= Y_b, and in most disjuncts a "filler" atom
 * Y_0 <= ceil(max Y_0) + 1 that holds on the whole box (so it can never refute anything);
 * random maxDepth in {0, 1, 3, default}.
 *
 * Every tampering is designed so that the tampered certificate is NOT a correct proof; where a
 * kind of change could leave a correct proof, those cases are left out (see each kind).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MutationTally } from '../test/helpers/mutation.js';
import { mulberry32, pick, type Rand } from '../test/helpers/random.js';
import { checkVerdictCertificate } from '../src/certify/verdict-checker.js';
import type { AffineProperty } from '../src/certify/verdict-format.js';
import { add, cmp, mul, ONE, rat, sub, toString, type Rational } from '../src/kernel/rational.js';
import { forward } from '../src/network/forward.js';
import type { Network } from '../src/network/network.js';
import { problem, problemFields, R } from './verify-problems.js';
import { affineProperty } from '../src/verify/affine-property.js';
import { outputRange } from '../src/verify/region-queries.js';
import { satCertificate } from '../src/verify/verdict-writer.js';
import { verifyProperty } from '../src/verify/verify.js';
import { atomHolds } from '../src/verify/vnnlib.js';

type Node = Record<string, any>;

const plus = (s: string, v: Rational): string => toString(add(R(s), v));

// ---- random problems (properties/verify-problems.ts) ----

const caseArb = fc.record({ ...problemFields, maxDepth: fc.constantFrom<number | undefined>(0, 1, 3, undefined) });

// ---- the certificate's structure (from the format, not from the checker) ----

interface Info {
  prop: AffineProperty;
  free: number[];
  filler: number[];
  /** bisect nodes with the box they split */
  bisects: { i: number; lo: Rational[]; hi: Rational[] }[];
  /** every node of the box tree or of an embedded enumeration tree, with the index just after its subtree */
  subtrees: { i: number; end: number }[];
  pruned: number[];
  /** region leaves with the number of their rows before the atoms' rows (domain rows + splits on the path) */
  regions: { i: number; rows: number }[];
  empties: number[];
}

/** index just after the enumeration tree starting at lines[i]; records its nodes */
function walkTree(lines: Node[], start: number, free: number, info: Info): number {
  const stack: { split: boolean; remaining: number; i: number }[] = [];
  let i = start;
  for (;;) {
    const n = lines[i];
    if (n.t === 'split' || n.t === 'const') {
      stack.push({ split: n.t === 'split', remaining: n.t === 'split' ? 2 : 1, i });
      i++;
      continue;
    }
    if (n.t === 'region') info.regions.push({ i, rows: 2 * free + stack.filter((f) => f.split).length });
    else if (n.t === 'empty') info.empties.push(i);
    else throw new Error(`unexpected node ${n.t} in an enumeration tree`);
    info.subtrees.push({ i, end: i + 1 });
    i++;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (--top.remaining > 0) break;
      stack.pop();
      info.subtrees.push({ i: top.i, end: i });
    }
    if (stack.length === 0) return i;
  }
}

function analyse(lines: Node[], filler: number[]): Info {
  const h = lines[0].property;
  const prop: AffineProperty = {
    lo: h.lo.map(R),
    hi: h.hi.map(R),
    unsafe: h.unsafe.map((conj: Node[]) => conj.map((a) => ({ c: a.c.map(R), a: a.a.map(R), k: R(a.k) }))),
  };
  const free = prop.lo.flatMap((l, i) => (cmp(l, prop.hi[i]) === 0 ? [] : [i]));
  const info: Info = { prop, free, filler, bisects: [], subtrees: [], pruned: [], regions: [], empties: [] };
  // box-tree nodes in preorder; a bisect's children are x_i <= at (first), then x_i >= at
  const pending: { lo: Rational[]; hi: Rational[] }[] = [];
  const boxStack: { i: number; remaining: number }[] = [];
  const closeLeaf = (end: number) => {
    while (boxStack.length > 0) {
      const top = boxStack[boxStack.length - 1];
      if (--top.remaining > 0) return;
      boxStack.pop();
      info.subtrees.push({ i: top.i, end });
    }
  };
  pending.push({ lo: prop.lo, hi: prop.hi });
  let i = 1;
  while (lines[i].t !== 'end') {
    const n = lines[i];
    const box = pending.pop()!;
    if (n.t === 'bisect') {
      info.bisects.push({ i, lo: box.lo, hi: box.hi });
      const at = R(n.at);
      const set = (xs: Rational[]) => xs.map((x, k) => (k === n.input ? at : x));
      const lower = { lo: box.lo, hi: set(box.hi) };
      const upper = { lo: set(box.lo), hi: box.hi };
      if (n.first === 'upper') pending.push(lower, upper);
      else pending.push(upper, lower);
      boxStack.push({ i, remaining: 2 });
      i++;
      continue;
    }
    const start = i;
    if (n.t === 'pruned') info.pruned.push(i);
    i = n.t === 'regions' ? walkTree(lines, i + 1, free.length, info) : i + 1;
    info.subtrees.push({ i: start, end: i });
    closeLeaf(i);
  }
  return info;
}

/** The atom's row on a region with map W (over the free inputs): its x-coefficients are Σ_o c_o W_o + a_free. */
function atomRowIsZero(info: Info, k: number, j: number, W: string[][]): boolean {
  const atom = info.prop.unsafe[k][j];
  return info.free.every((i, f) => {
    let s = atom.a[i];
    atom.c.forEach((c, o) => (s = add(s, mul(c, R(W[o][f])))));
    return s.n === 0n;
  });
}

/** The Farkas pairs [leaf, disjunct, pair] whose row has a nonzero x-part (see the Farkas kinds). */
function farkasTargets(c: Node[], info: Info): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (const { i, rows } of info.regions) {
    (c[i].farkas as [number, string][][]).forEach((pairs, k) =>
      pairs.forEach(([row, y], m) => {
        if (BigInt(y) === 0n) return;
        if (row >= rows && atomRowIsZero(info, k, row - rows, c[i].map.W)) return;
        out.push([i, k, m]);
      }),
    );
  }
  return out;
}

/** A tampering: the changed certificate, the line that must be reported (if determined), and whether to give the property. */
type Tampered = { cert: Node[]; line?: number; given?: boolean } | null;
/** What a tampering may use: the structure, the given property, and (sat) an exact test for safe points. */
type Ctx = Info & { given: AffineProperty; safe?: (x: Rational[]) => boolean };
type Tampering = (c: Node[], rnd: Rand, info: Ctx) => Tampered;

const UNSAT_TAMPERINGS: Record<string, Tampering> = {
  // anywhere outside the open side (lo_i, hi_i) of the node's box: never a valid bisection
  'move a bisect point out of its box': (c, rnd, info) => {
    if (info.bisects.length === 0) return null;
    const b = pick(info.bisects, rnd);
    const i = c[b.i].input;
    const [l, h] = [b.lo[i], b.hi[i]];
    c[b.i].at = toString(pick([l, h, add(h, sub(h, l)), sub(l, rat(1n, 3n))], rnd));
    return { cert: c, line: b.i + 1 };
  },
  // Only swaps to an input j whose side does not strictly contain `at` (e.g. a pinned input): when
  // it does, the tampered node is another valid bisection and its subtrees may well prove the
  // other halves too (a correct, different proof), so those swaps are left out.
  "swap a bisect's input": (c, rnd, info) => {
    const targets = info.bisects.flatMap((b) => {
      const at = R(c[b.i].at);
      return b.lo.flatMap((l, j) => (j !== c[b.i].input && !(cmp(l, at) < 0 && cmp(at, b.hi[j]) < 0) ? [[b.i, j]] : []));
    });
    if (targets.length === 0) return null;
    const [i, j] = pick(targets, rnd);
    c[i].input = j;
    return { cert: c, line: i + 1 };
  },
  // A box tree with b bisects has b + 1 leaves, an enumeration tree one more leaf than splits: a
  // preorder that lacks a subtree always ends one subtree short (or fails earlier).
  'drop a subtree': (c, rnd, info) => {
    const { i, end } = pick(info.subtrees, rnd);
    c.splice(i, end - i);
    return { cert: c };
  },
  // To the disjunct's filler atom (it holds on the whole box, so no lower bound of it is > 0), or
  // to an atom index that does not exist. Another real atom is not used: it may refute too.
  'change a pruned atom': (c, rnd, info) => {
    if (info.pruned.length === 0) return null;
    const p = pick(info.pruned, rnd);
    const k = Math.floor(rnd() * c[p].atoms.length);
    const f = info.filler[k];
    c[p].atoms[k] = f >= 0 && rnd() < 0.75 ? f : info.prop.unsafe[k].length;
    return { cert: c, line: p + 1 };
  },
  // y + 1 on row r changes Σ y_i a_i by a_r. Every region and domain row has a_r != 0; an atom's
  // row has a_r = 0 when the atom is constant on the region (then a certificate may well stay
  // valid, e.g. a lone row 0 <= b < 0), so those rows are left out.
  'alter a Farkas multiplier (+1)': (c, rnd, info) => {
    const targets = farkasTargets(c, info);
    if (targets.length === 0) return null;
    const [i, k, m] = pick(targets, rnd);
    c[i].farkas[k][m][1] = (BigInt(c[i].farkas[k][m][1]) + 1n).toString();
    return { cert: c, line: i + 1 };
  },
  // Dropping [r, y] (y > 0) changes Σ y_i a_i by -y·a_r: the same rows as above are left out.
  'drop a Farkas pair': (c, rnd, info) => {
    const targets = farkasTargets(c, info);
    if (targets.length === 0) return null;
    const [i, k, m] = pick(targets, rnd);
    c[i].farkas[k].splice(m, 1);
    return { cert: c, line: i + 1 };
  },
  'flip a pattern bit': (c, rnd, info) => {
    if (info.regions.length === 0) return null;
    const { i } = pick(info.regions, rnd);
    const p: string = c[i].pattern;
    const bits = [...p].flatMap((ch, k) => (ch === '|' ? [] : [k]));
    const k = pick(bits, rnd);
    c[i].pattern = p.slice(0, k) + (p[k] === '1' ? '0' : '1') + p.slice(k + 1);
    return { cert: c, line: i + 1 };
  },
  // Another region's witness lies in that region's open polyhedron, which is disjoint from this
  // one's (same tree) or in another box's interior (another tree); with one region, leave the box.
  "alter a region's witness": (c, rnd, info) => {
    if (info.regions.length === 0) return null;
    const { i } = pick(info.regions, rnd);
    const others = info.regions.filter((r) => r.i !== i);
    if (others.length > 0) c[i].witness = [...c[pick(others, rnd).i].witness];
    else c[i].witness = info.free.map((f) => toString(add(info.prop.hi[f], ONE)));
    return { cert: c, line: i + 1 };
  },
  "change a region's map": (c, rnd, info) => {
    if (info.regions.length === 0) return null;
    const { i } = pick(info.regions, rnd);
    const map = c[i].map;
    const o = Math.floor(rnd() * map.c.length);
    if (rnd() < 0.5 || info.free.length === 0) map.c[o] = plus(map.c[o], ONE);
    else {
      const f = Math.floor(rnd() * info.free.length);
      map.W[o][f] = plus(map.W[o][f], rat(1n, 3n));
    }
    return { cert: c, line: i + 1 };
  },
  // Every row of an empty leaf has a != 0 (box rows, and split rows whose h is not constant).
  'alter a Motzkin multiplier (+1)': (c, rnd, info) => {
    const targets = info.empties.filter((i) => c[i].motzkin.length > 0);
    if (targets.length === 0) return null;
    const i = pick(targets, rnd);
    const pair = pick(c[i].motzkin as [number, string][], rnd);
    pair[1] = (BigInt(pair[1]) + 1n).toString();
    return { cert: c, line: i + 1 };
  },
  'change a footer count': (c, rnd) => {
    const key = pick(['boxes', 'pruned', 'enumerated', 'regions'], rnd);
    c[c.length - 1][key] += rnd() < 0.5 ? 1 : -1;
    return { cert: c, line: c.length };
  },
  'change the footer verdict': (c) => {
    c[c.length - 1].verdict = 'sat';
    return { cert: c, line: c.length };
  },
  // Without the given property a changed k may state a weaker property that the tree proves as
  // well (a valid certificate of that property); with the property given it must be rejected.
  'change the property (k), property given': (c, rnd) => {
    const conjs = (c[0].property.unsafe as Node[][]).filter((conj) => conj.length > 0);
    if (conjs.length === 0) return null;
    const a = pick(pick(conjs, rnd), rnd);
    a.k = plus(a.k, rnd() < 0.5 ? ONE : rat(-1n, 1000n));
    return { cert: c, line: 1, given: true };
  },
  truncate: (c, rnd) => {
    c.splice(1 + Math.floor(rnd() * (c.length - 1)));
    return { cert: c };
  },
  'a node after the footer': (c, rnd) => {
    c.push(c[1 + Math.floor(rnd() * (c.length - 1))]);
    return { cert: c, line: c.length };
  },
};

const SAT_TAMPERINGS: Record<string, Tampering> = {
  'counterexample out of the box': (c, rnd, info) => {
    const i = Math.floor(rnd() * info.prop.lo.length);
    c[1].x[i] = toString(rnd() < 0.5 ? add(info.prop.hi[i], rat(1n, 7n)) : sub(info.prop.lo[i], ONE));
    return { cert: c, line: 2 };
  },
  // a point of the box where no disjunct holds (decided by the exact forward pass here); none found: skipped
  'counterexample moved to a safe point': (c, rnd, info) => {
    for (let t = 0; t < 20; t++) {
      const x = info.prop.lo.map((l, i) => add(l, mul(sub(info.prop.hi[i], l), rat(BigInt(Math.floor(rnd() * 65)), 64n))));
      if (!info.safe!(x)) continue;
      c[1].x = x.map(toString);
      return { cert: c, line: 2 };
    }
    return null;
  },
  'wrong disjunct index': (c, rnd, info) => {
    const k = c[1].disjunct as number;
    const others = [-1, ...info.prop.unsafe.map((_, j) => j), info.prop.unsafe.length].filter((j) => j !== k);
    c[1].disjunct = pick(others, rnd);
    return { cert: c, line: 2 };
  },
};

// ---- the test ----

const tally = new MutationTally([...Object.keys(UNSAT_TAMPERINGS), ...Object.keys(SAT_TAMPERINGS)]);
const escaped = tally.escaped;
const verdicts = { sat: 0, unsat: 0, unsatWithRegions: 0, regionsLeaves: 0, regions: 0, discarded: 0 };

const check = (n: Network, lines: Node[], given: AffineProperty | null = null) =>
  checkVerdictCertificate(
    n,
    given,
    lines.map((l) => JSON.stringify(l)),
  );

function tamperAll(n: Network, cert: Node[], kinds: Record<string, Tampering>, info: Ctx, rnd: Rand, perKind: number): void {
  for (const [kind, tamper] of Object.entries(kinds)) {
    for (let t = 0; t < perKind; t++) {
      const bad = tamper(structuredClone(cert), rnd, info);
      if (!bad) break;
      const r = check(n, bad.cert, bad.given ? info.given : null);
      tally.record(kind, r, () => `${JSON.stringify(r)}\n${bad.cert.slice(0, 60).map((l) => JSON.stringify(l)).join('\n')}`, bad.line);
    }
  }
}

describe('verdict certificates of random problems', () => {
  it('are valid as written, and every tampering is rejected', async () => {
    const start = performance.now();
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const n = c.net;
        const { property, filler } = await problem(n, c);
        const tree: Node[] = [];
        // a budget (shouldStop is asked once per box and once per region) bounds the rare slow
        // case (default depth, threshold a hair above the maximum); those runs are discarded
        let asked = 0;
        const v = await verifyProperty(n, property, { engine: 'box', maxDepth: c.maxDepth, certificate: (line) => tree.push(line as Node), shouldStop: () => ++asked > 20000 });
        if (v.result === 'unknown') verdicts.discarded++;
        fc.pre(v.result !== 'unknown');
        const cert = v.result === 'sat' ? (satCertificate(n, property, v.x, v.disjunct) as Node[]) : tree;
        const given = affineProperty(property);
        const r = check(n, cert);
        expect(r).toMatchObject({ valid: true, verdict: v.result });
        expect(check(n, cert, given)).toMatchObject({ valid: true, verdict: v.result });
        const info: Ctx = { ...(v.result === 'unsat' ? analyse(cert, filler) : analyse([cert[0], { t: 'end' }], filler)), given };
        const rnd = mulberry32(c.seed);
        if (v.result === 'sat') {
          verdicts.sat++;
          expect(r).toMatchObject({ disjunct: v.disjunct });
          const safe = (x: Rational[]) => {
            const y = forward(n, x).output;
            return property.unsafe.every((conj) => !conj.every((a) => atomHolds(a, x, y)));
          };
          tamperAll(n, cert, SAT_TAMPERINGS, { ...info, safe }, rnd, 2);
        } else {
          verdicts.unsat++;
          if (r.valid && r.verdict === 'unsat') {
            expect(r).toMatchObject({ boxes: v.stats.boxes, pruned: v.stats.boxesPruned, enumerated: v.stats.boxesEnumerated, regions: v.stats.regions });
            if (r.enumerated > 0) verdicts.unsatWithRegions++;
            verdicts.regionsLeaves += r.enumerated;
            verdicts.regions += r.regions;
          }
          expect(info.regions.length).toBe(v.stats.regions);
          // each tampering costs a check of (most of) the certificate: fewer on long ones
          tamperAll(n, cert, UNSAT_TAMPERINGS, info, rnd, cert.length > 2000 ? 0 : cert.length > 400 ? 1 : 2);
        }
        expect(escaped.slice(0, 1)).toEqual([]);
      }),
      { numRuns: 300 },
    );
    const table = tally.table('\n', '  ');
    console.log(
      `verdicts: ${verdicts.sat} sat, ${verdicts.unsat} unsat (${verdicts.unsatWithRegions} with regions leaves: ${verdicts.regionsLeaves} leaves, ` +
        `${verdicts.regions} regions), ${verdicts.discarded} over budget; ` +
        `${((performance.now() - start) / 1000).toFixed(1)} s\ntamperings rejected/tried:\n${table}`,
    );
    expect(verdicts.unsatWithRegions).toBeGreaterThan(2);
    expect(verdicts.sat).toBeGreaterThan(2);
    tally.expectAllRejected(3);
  });
});
