/**
 * The enumerator's certificates check as valid, and every tampering that matters is caught by the
 * independent checker: random small nets, then the four shared benchmark nets (with timings).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MutationTally } from '../test/helpers/mutation.js';
import { mulberry32, pick, type Rand } from '../test/helpers/random.js';
import { checkCertificate } from '../src/certify/checker.js';
import type { CertificateLine } from '../src/certify/format.js';
import { defaultDomain, type Domain } from '../src/domain/domain.js';
import { runEnumeration } from '../src/enumerate/run.js';
import { add, ONE, parseRational, rat, toString } from '../src/kernel/rational.js';
import { loadNetwork } from '../src/network/load.js';
import type { Network } from '../src/network/network.js';
import { networkArb, widthsArb } from '../src/testing/arbitraries.js';
import { layer, net } from '../test/helpers/nets.js';

type Node = Record<string, any>;

async function certify(n: Network, domain?: Domain): Promise<{ cert: Node[]; regions: number; seconds: number }> {
  const cert: CertificateLine[] = [];
  const s = await runEnumeration(n, { domain, certificate: (line) => cert.push(line) });
  return { cert: cert as Node[], regions: s.activationRegions, seconds: s.seconds };
}

const check = (n: Network, cert: Node[]) => checkCertificate(n, null, cert.map((l) => JSON.stringify(l)));

const plusOne = (s: string): string => toString(add(parseRational(s)!, ONE));
const indices = (cert: Node[], ...kinds: string[]) => cert.flatMap((l, i) => (kinds.includes(l.t) ? [i] : []));

/** Index just after the subtree rooted at cert[i] (preorder: a split has 2 children, a const 1). */
function subtreeEnd(cert: Node[], i: number): number {
  let open = 1;
  while (open > 0) {
    const t = cert[i++].t;
    open += t === 'split' ? 1 : t === 'const' ? 0 : -1;
  }
  return i;
}

/**
 * Each tampering changes a copy of the certificate (given last-layer widths for neuron swaps) and
 * returns it, or null when the certificate has nothing to tamper with of that kind.
 */
const TAMPERINGS: Record<string, (c: Node[], rnd: Rand, sizes: number[]) => Node[] | null> = {
  'witness outside its region': (c, rnd) => {
    const rs = indices(c, 'region');
    const i = pick(rs, rnd);
    const others = rs.filter((j) => j !== i);
    // another region's witness lies in that (disjoint, open) region; with one region, leave the domain
    if (others.length > 0) c[i].witness = c[pick(others, rnd)].witness;
    else if (c[0].domain.kind !== 'whole') c[i].witness = c[i].witness.map(() => '5');
    else return null;
    return c;
  },
  'flip a pattern bit': (c, rnd) => {
    const i = pick(indices(c, 'region'), rnd);
    const bits = [...c[i].pattern].flatMap((ch, k) => (ch === '|' ? [] : [k]));
    if (bits.length === 0) return null;
    const k = pick(bits, rnd);
    c[i].pattern = c[i].pattern.slice(0, k) + (c[i].pattern[k] === '1' ? '0' : '1') + c[i].pattern.slice(k + 1);
    return c;
  },
  'drop a leaf': (c, rnd) => {
    c.splice(pick(indices(c, 'region', 'empty'), rnd), 1);
    return c;
  },
  'drop a subtree': (c, rnd) => {
    const inner = indices(c, 'split', 'const');
    if (inner.length === 0) return null;
    const i = pick(inner, rnd);
    const root = rnd() < 0.5 ? i : i + 1; // the node's whole subtree, or its first child's
    c.splice(root, subtreeEnd(c, root) - root);
    return c;
  },
  'alter a Motzkin multiplier': (c, rnd) => {
    const es = indices(c, 'empty');
    if (es.length === 0) return null;
    const m = pick(es, rnd);
    const entry = pick(c[m].motzkin as [number, string][], rnd);
    entry[1] = rnd() < 0.5 ? plusOne(entry[1]) : (BigInt(entry[1]) * 2n).toString();
    return c;
  },
  'change an affine map entry': (c, rnd) => {
    const map = c[pick(indices(c, 'region'), rnd)].map;
    const i = Math.floor(rnd() * map.c.length);
    if (rnd() < 0.5) map.c[i] = plusOne(map.c[i]);
    else {
      const k = Math.floor(rnd() * map.W[i].length);
      map.W[i][k] = toString(add(parseRational(map.W[i][k])!, rat(1n, 3n)));
    }
    return c;
  },
  "swap a split's neuron": (c, rnd, sizes) => {
    const ss = indices(c, 'split');
    if (ss.length === 0) return null;
    const i = pick(ss, rnd);
    const others = ss.filter((j) => c[j].layer !== c[i].layer || c[j].neuron !== c[i].neuron);
    if (others.length > 0 && rnd() < 0.5) {
      const j = pick(others, rnd); // exchange the neurons of two split nodes
      [c[i].layer, c[i].neuron, c[j].layer, c[j].neuron] = [c[j].layer, c[j].neuron, c[i].layer, c[i].neuron];
    } else if (sizes[c[i].layer] > 1) {
      c[i].neuron = (c[i].neuron + 1 + Math.floor(rnd() * (sizes[c[i].layer] - 1))) % sizes[c[i].layer];
    } else {
      c[i].layer = (c[i].layer + 1) % sizes.length;
    }
    return c;
  },
  "change a split's h": (c, rnd) => {
    const ss = indices(c, 'split');
    if (ss.length === 0) return null;
    const h = c[pick(ss, rnd)].h;
    const k = Math.floor(rnd() * (h.g.length + 1));
    if (k === h.g.length) h.e = plusOne(h.e);
    else h.g[k] = plusOne(h.g[k]);
    return c;
  },
  'change a const value': (c, rnd) => {
    const cs = indices(c, 'const');
    if (cs.length === 0) return null;
    const n = c[pick(cs, rnd)];
    n.value = rnd() < 0.5 ? plusOne(n.value) : toString(add(parseRational(n.value)!, rat(-1n, 7n)));
    return c;
  },
  'swap two region ids': (c, rnd) => {
    const rs = indices(c, 'region');
    if (rs.length < 2) return null;
    const i = pick(rs, rnd);
    const j = pick(rs.filter((x) => x !== i), rnd);
    [c[i].id, c[j].id] = [c[j].id, c[i].id];
    return c;
  },
};

const tally = new MutationTally(Object.keys(TAMPERINGS));
const escaped = tally.escaped;

/** Tries every kind of tampering `perKind` times on random targets; records what escaped. */
function tamperAll(n: Network, cert: Node[], rnd: Rand, perKind: number): void {
  const sizes = n.layers.map((l) => l.weights.length);
  for (const [kind, tamper] of Object.entries(TAMPERINGS)) {
    for (let t = 0; t < perKind; t++) {
      const bad = tamper(structuredClone(cert), rnd, sizes);
      if (!bad) break;
      tally.record(kind, check(n, bad), () => JSON.stringify(bad));
    }
  }
}

const hidden = widthsArb({ minDepth: 1, maxDepth: 2, minWidth: 2, maxWidth: 5 });
const inputSize = fc.integer({ min: 1, max: 3 });
const netArb = fc.oneof(
  networkArb({ inputSize, widths: fc.tuple(hidden, fc.integer({ min: 1, max: 2 })).map(([h, o]) => [...h, o]), lastLayer: 'linear' }),
  networkArb({ inputSize, widths: hidden, weights: 'rational' }),
);
const domainArb = fc.constantFrom<(Domain | undefined)[]>(undefined, undefined, { kind: 'whole' });

describe('certificates: valid as written, every tampering rejected', () => {
  it('a net with constant neurons (zero rows) and a linear read-out', async () => {
    const n = net(2, layer([[1, 0], [0, 0], [1, 1], [0, 1]], [0, 1, '-1/2', 0]), layer([[1, -1, 1, 0], [0, 0, 0, 0]], [0, 2]), layer([[1, 1]], [0], 'linear'));
    const { cert, regions } = await certify(n);
    expect(check(n, cert)).toMatchObject({ valid: true, regions });
    expect(indices(cert, 'const').length).toBeGreaterThan(0);
    tamperAll(n, cert, mulberry32(1), 5);
    expect(escaped).toEqual([]);
  });

  it('random small nets (d = 1..3, 1-2 hidden layers of width 2..5)', async () => {
    await fc.assert(
      fc.asyncProperty(netArb, domainArb, fc.integer(), async (n, domain, seed) => {
        const { cert, regions } = await certify(n, domain);
        const r = check(n, cert);
        expect(r).toMatchObject({ valid: true, regions });
        tamperAll(n, cert, mulberry32(seed), 3);
        expect(escaped).toEqual([]);
      }),
      { numRuns: 30 },
    );
    console.log(`tamperings rejected/tried: ${tally.table()}`);
    tally.expectAllRejected();
  });
});

describe('certificates of the shared benchmark nets check as valid', () => {
  it.each(['random-d2-16x16.json', 'random-d4-8x8x8.json', 'random-d2-32x32.json', 'random-d3-16x16x16.json'])('%s', async (name) => {
    const n = loadNetwork(new URL(`../../shared/nets/${name}`, import.meta.url).pathname);
    const lines: string[] = [];
    const s = await runEnumeration(n, { certificate: (line) => lines.push(JSON.stringify(line)) });
    const r = checkCertificate(n, defaultDomain(n.inputSize), lines); // [-1,1]^d, the domain asked for
    expect(r).toMatchObject({ valid: true, regions: s.activationRegions });
    if (!r.valid) return;
    console.log(
      `${name}: ${r.regions} regions, ${r.emptyLeaves} empty leaves, ${r.splits} splits, ${lines.length} lines; ` +
        `enumeration ${s.seconds.toFixed(2)} s, check ${r.seconds.toFixed(2)} s`,
    );
    if (name === 'random-d2-16x16.json') {
      // float32 weights: one tampering of each kind on a real certificate
      const before = escaped.length;
      tamperAll(n, lines.map((l) => JSON.parse(l)), mulberry32(7), 1);
      expect(escaped.slice(before)).toEqual([]);
    }
  });
});
