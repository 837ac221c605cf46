/**
 * Star certificates (certify/verdict-star.ts, format versions 3 and 4) of random verification
 * problems (properties/verify-problems.ts, shared with verdict-certificate.test.ts): the star engine (verify/star.ts) gives
 * the box engine's verdict on every problem (also with input cuts); its unsat certificates check as valid, with and
 * without the property given; and every tampering below is rejected. Each tampering is chosen so
 * that the tampered certificate is NOT a correct proof (see each kind).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MutationTally } from '../test/helpers/mutation.js';
import { mulberry32, pick, type Rand } from '../test/helpers/random.js';
import { checkVerdictCertificate } from '../src/certify/verdict-checker.js';
import type { AffineProperty } from '../src/certify/verdict-format.js';
import { add, ONE, rat, toString } from '../src/kernel/rational.js';
import { forward } from '../src/network/forward.js';
import type { Network } from '../src/network/network.js';
import { problem, problemFields, R } from './verify-problems.js';
import { affineProperty } from '../src/verify/affine-property.js';
import { verifyProperty } from '../src/verify/verify.js';

type Node = Record<string, any>;


// ---- random problems (properties/verify-problems.ts) ----

const caseArb = fc.record(problemFields);


// ---- tamperings ----

type Tampered = { cert: Node[]; line?: number; given?: boolean } | null;
type Ctx = { filler: number[]; given: AffineProperty; outputs: number };
type Tampering = (c: Node[], rnd: Rand, info: Ctx) => Tampered;

const at = (c: Node[], t: string) => c.flatMap((l, i) => (l.t === t ? [i] : []));

const TAMPERINGS: Record<string, Tampering> = {
  // the disjunct's filler atom holds on the whole box: no lower bound of it is > 0
  'prune names the filler atom': (c, rnd, info) => {
    const targets = at(c, 'prune').flatMap((i) => (c[i].atoms as number[]).flatMap((_, k) => (info.filler[k] >= 0 && c[i].atoms[k] !== info.filler[k] ? [[i, k]] : [])));
    if (targets.length === 0) return null;
    const [i, k] = pick(targets, rnd);
    c[i].atoms[k] = info.filler[k];
    c[i].y[k] = null;
    return { cert: c, line: i + 1 };
  },
  // the search writes multipliers only when the CROWN bound over the box is not > 0 (the checker
  // recomputes that very bound), so without them the prune is not shown
  "drop a prune's multipliers": (c, rnd) => {
    const targets = at(c, 'prune').flatMap((i) => (c[i].y as unknown[]).flatMap((y, k) => (y !== null ? [[i, k]] : [])));
    if (targets.length === 0) return null;
    const [i, k] = pick(targets, rnd);
    c[i].y[k] = null;
    return { cert: c, line: i + 1 };
  },
  'a negative multiplier': (c, rnd) => {
    const targets = [...at(c, 'prune').flatMap((i) => (c[i].y as ([number, number][] | null)[]).flatMap((y) => (y && y.length > 0 ? [[i, y]] : []))), ...at(c, 'bounds').flatMap((i) => (c[i].n as [number, string, [number, number][]][]).flatMap((e) => (e[2].length > 0 ? [[i, e[2]]] : [])))];
    if (targets.length === 0) return null;
    const [i, pairs] = pick(targets, rnd) as [number, [number, number][]];
    pick(pairs, rnd)[1] = -1;
    return { cert: c, line: i + 1 };
  },
  // (version 4) tight neuron bounds over the cell: a negative multiplier is refused, and a
  // version-3 header cannot carry them
  'a negative multiplier in a tight entry': (c, rnd) => {
    const targets = at(c, 'prune').flatMap((i) => ((c[i].tight ?? []) as [number, number, number, [number, number][]][]).flatMap((e) => (e[3].length > 0 ? [[i, e[3]]] : [])));
    if (targets.length === 0) return null;
    const [i, pairs] = pick(targets, rnd) as [number, [number, number][]];
    pick(pairs, rnd)[1] = -1;
    return { cert: c, line: i + 1 };
  },
  'tight entries under a version-3 header': (c) => {
    const i = at(c, 'prune').find((k) => c[k].tight);
    if (i === undefined) return null;
    c[0].version = 3;
    const union = at(c, 'union'); // (a union node, also version 4, is refused first)
    return { cert: c, line: (union.length > 0 ? union[0] : i) + 1 };
  },
  // (version 4) a union node lists exactly the disjuncts' boxes not inside another listed one:
  // without one of them, that disjunct's box is covered by no listed box
  'drop a box of a union node': (c, rnd) => {
    const i = at(c, 'union')[0];
    if (i === undefined || c[i].boxes.length === 0) return null;
    c[i].boxes.splice(Math.floor(rnd() * c[i].boxes.length), 1);
    return { cert: c, line: i + 1 };
  },
  'a multiplier on a row the cell does not have': (c, rnd) => {
    const targets = at(c, 'prune').flatMap((i) => (c[i].y as ([number, number][] | null)[]).flatMap((y) => (y && y.length > 0 ? [[i, y]] : [])));
    if (targets.length === 0) return null;
    const [i, pairs] = pick(targets, rnd) as [number, [number, number][]];
    pick(pairs, rnd)[0] = 1000;
    return { cert: c, line: i + 1 };
  },
  'a negative Farkas multiplier (leaf or empty)': (c, rnd) => {
    const targets = [...at(c, 'leaf').flatMap((i) => (c[i].farkas as [number, string][][]).flatMap((f) => (f.length > 0 ? [[i, f]] : []))), ...at(c, 'empty').filter((i) => c[i].farkas.length > 0).map((i) => [i, c[i].farkas])];
    if (targets.length === 0) return null;
    const [i, f] = pick(targets, rnd) as [number, [number, string][]];
    pick(f, rnd)[1] = '-1';
    return { cert: c, line: i + 1 };
  },
  // a tree with s splits has s + 1 terminal cells: without one of them it is one short (or
  // breaks earlier); without a split it has one terminal too many (a line after the tree)
  // a cut moved outside the cell's box side: one child is then the whole cell... still a cover,
  // so that is not used; a cut on an input that does not exist is refused
  'cut an input that does not exist': (c, rnd, info) => {
    const targets = at(c, 'cut');
    if (targets.length === 0) return null;
    const i = pick(targets, rnd);
    c[i].input = info.given.lo.length + 3;
    return { cert: c, line: i + 1 };
  },
  'drop a split or a terminal line': (c, rnd) => {
    const targets = [...at(c, 'split'), ...at(c, 'cut'), ...at(c, 'prune'), ...at(c, 'leaf'), ...at(c, 'empty')];
    if (targets.length === 0) return null;
    c.splice(pick(targets, rnd), 1);
    return { cert: c };
  },
  // every atom replaced by Y_0 <= (something above max Y_0): every point of the box is unsafe,
  // so no certificate may prove the (stated) property
  'state a property that fails everywhere': (c, _rnd, info) => {
    const big = toString(rat(10n ** 6n));
    for (const conj of c[0].property.unsafe as Node[][]) {
      for (let j = 0; j < conj.length; j++) conj[j] = { c: Array.from({ length: info.outputs }, (_, o) => (o === 0 ? '1' : '0')), a: conj[j].a.map(() => '0'), k: `-${big}` };
    }
    return { cert: c };
  },
  'change the property (k), property given': (c, rnd) => {
    const a = pick(pick(c[0].property.unsafe as Node[][], rnd), rnd);
    a.k = toString(add(R(a.k), rnd() < 0.5 ? ONE : rat(-1n, 1000n)));
    return { cert: c, line: 1, given: true };
  },
  'change the footer verdict': (c) => {
    c[c.length - 1].verdict = 'sat';
    return { cert: c, line: c.length };
  },
  truncate: (c, rnd) => {
    c.splice(1 + Math.floor(rnd() * (c.length - 1)));
    return { cert: c };
  },
};

const tally = new MutationTally(Object.keys(TAMPERINGS));
const counts = { sat: 0, unsat: 0, cells: 0, cuts: 0, leaves: 0, empty: 0, polytopePrunes: 0, tightPrunes: 0 };

const check = (n: Network, lines: Node[], given: AffineProperty | null = null) =>
  checkVerdictCertificate(
    n,
    given,
    lines.map((l) => JSON.stringify(l)),
  );

describe('star certificates of random problems', () => {
  it('the star engine agrees with the box engine; its certificates are valid, and every tampering is rejected', async () => {
    const start = performance.now();
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const n = c.net;
        const { property, filler } = await problem(n, c);
        const box = await verifyProperty(n, property, { engine: 'box' });
        const tree: Node[] = [];
        const v = await verifyProperty(n, property, { engine: 'star', attack: c.seed % 2 === 0, inputCutsFrom: c.seed % 3 === 0 ? 0 : c.seed % 3 === 1 ? 1 : undefined, certificate: (line) => tree.push(line as Node) });
        expect(v.result).toBe(box.result);
        if (v.result === 'sat') {
          counts.sat++;
          const y = forward(n, v.x).output;
          expect(y).toEqual(v.y);
          return;
        }
        if (!v.stats.star) return; // every input pinned: the box engine decides the point
        counts.unsat++;
        const given = affineProperty(property);
        expect(check(n, tree)).toMatchObject({ valid: true, verdict: 'unsat' });
        expect(check(n, tree, given)).toMatchObject({ valid: true, verdict: 'unsat' });
        counts.cells += v.stats.star!.cells;
        counts.leaves += v.stats.star!.leaves;
        counts.cuts += v.stats.star!.cuts;
        counts.empty += v.stats.star!.empty;
        counts.polytopePrunes += tree.filter((l) => l.t === 'prune' && (l.y as unknown[]).some((y) => y !== null)).length;
        counts.tightPrunes += tree.filter((l) => l.t === 'prune' && l.tight).length;
        const rnd = mulberry32(c.seed);
        const info: Ctx = { filler, given, outputs: n.layers[n.layers.length - 1].weights.length };
        for (const [kind, tamper] of Object.entries(TAMPERINGS)) {
          for (let t = 0; t < 2; t++) {
            const bad = tamper(structuredClone(tree), rnd, info);
            if (!bad) break;
            const r = check(n, bad.cert, bad.given ? given : null);
            tally.record(kind, r, () => `${JSON.stringify(r)}\n${bad.cert.slice(0, 40).map((l) => JSON.stringify(l)).join('\n')}`, bad.line);
          }
        }
        expect(tally.escaped.slice(0, 1)).toEqual([]);
      }),
      { numRuns: 200 },
    );
    console.log(
      `star: ${counts.sat} sat, ${counts.unsat} unsat (${counts.cells} cells, ${counts.cuts} input cuts, ${counts.leaves} linear pieces, ${counts.empty} empty, ${counts.polytopePrunes} prunes over the polytope, ${counts.tightPrunes} with tight bounds); ` +
        `${((performance.now() - start) / 1000).toFixed(1)} s\ntamperings rejected/tried:\n${tally.table('\n', '  ')}`,
    );
    expect(counts.sat).toBeGreaterThan(2);
    expect(counts.unsat).toBeGreaterThan(10);
    expect(counts.cuts).toBeGreaterThan(3);
    tally.expectAllRejected(3);
  });
});
