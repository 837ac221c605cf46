/**
 * Injectivity certificates of random injective networks check as valid, and tampering with the
 * proofs is rejected. Networks: ReLU([W; −W]x) (one layer) and its linear read-out
 * [I, −I]·ReLU([W; −W]x) = W x (deeper: every region pair needs LP proofs), W a random
 * invertible integer matrix, on random boxes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInjectiveCertificate } from '../src/certify/injective-checker.js';
import { rat } from '../src/kernel/rational.js';
import type { Layer, Network } from '../src/network/network.js';
import { boxDomainArb } from '../src/testing/arbitraries.js';
import { injectivity } from '../src/verify/injectivity.js';
import { pairSearch } from '../src/verify/injectivity-pairs.js';
import { MutationTally } from '../test/helpers/mutation.js';
import { mulberry32, pick, type Rand } from '../test/helpers/random.js';

type Node = Record<string, any>;
const d = 2;

const invertibleArb = fc
  .array(fc.integer({ min: -3, max: 3 }), { minLength: d * d, maxLength: d * d })
  .filter((w) => w[0] * w[3] - w[1] * w[2] !== 0)
  .map((w) => [w.slice(0, 2), w.slice(2, 4)]);

function nets(W: number[][], b: number[]): { single: Network; deep: Network } {
  const R = (v: number) => rat(BigInt(v));
  const first: Layer = {
    weights: [...W.map((r) => r.map(R)), ...W.map((r) => r.map((v) => R(-v)))],
    bias: [...b.map(R), ...b.map((v) => R(-v))],
    activation: 'relu',
  };
  const readout: Layer = {
    weights: Array.from({ length: d }, (_, i) => Array.from({ length: 2 * d }, (_, k) => R(k === i ? 1 : k === d + i ? -1 : 0))),
    bias: new Array(d).fill(R(0)),
    activation: 'linear',
  };
  return { single: { inputSize: d, layers: [first] }, deep: { inputSize: d, layers: [first, readout] } };
}

const TAMPERINGS: Record<string, (c: Node[], rnd: Rand) => Node[] | null> = {
  'repeat a minor index': (c, rnd) => {
    const leaf = c[pick(c.flatMap((l, i) => (l.t === 'region' ? [i] : [])), rnd)];
    leaf.minor = [leaf.minor[0], leaf.minor[0]];
    return c;
  },
  'drop a pair proof': (c, rnd) => {
    const leaves = c.filter((l) => l.t === 'region' && l.pairs?.length > 0);
    if (leaves.length === 0) return null;
    pick(leaves, rnd).pairs.pop();
    return c;
  },
  'alter a multiplier of a pair proof': (c, rnd) => {
    const leaves = c.filter((l) => l.t === 'region' && l.pairs?.length > 0);
    if (leaves.length === 0) return null;
    const proof = pick(pick(leaves, rnd).pairs as Node[], rnd);
    const certs: [number, string][][] = proof.lps ?? [proof.farkas];
    const nonempty = certs.filter((m) => m.length > 0);
    if (nonempty.length === 0) return null;
    const pair = pick(pick(nonempty, rnd), rnd);
    pair[1] = `${pair[1]}/3`; // a third of the multiplier: Σ y a no longer matches
    return c;
  },
  'empty a pair proof': (c, rnd) => {
    const leaves = c.filter((l) => l.t === 'region' && l.pairs?.length > 0);
    if (leaves.length === 0) return null;
    const proof = pick(pick(leaves, rnd).pairs as Node[], rnd);
    if (proof.lps) proof.lps = proof.lps.map(() => []);
    else proof.farkas = [];
    return c;
  },
};

describe('injectivity certificates of random injective networks', () => {
  it('are valid, and every tampering is rejected', async () => {
    const tally = new MutationTally(Object.keys(TAMPERINGS));
    await fc.assert(
      fc.asyncProperty(invertibleArb, fc.array(fc.integer({ min: -1, max: 1 }), { minLength: d, maxLength: d }), boxDomainArb(d), fc.integer(), async (W, b, box, seed) => {
        const rnd = mulberry32(seed);
        for (const n of Object.values(nets(W, b))) {
          const cert: Node[] = [];
          const r = await injectivity(n, box, pairSearch({ lpSolves: 0, pairsSkipped: 0 }), { certificate: (l) => cert.push(structuredClone(l) as Node) });
          expect(r.injective).toBe(true);
          const lines = (c: Node[]) => c.map((l) => JSON.stringify(l));
          expect(checkInjectiveCertificate(n, null, lines(cert))).toMatchObject({ valid: true });
          for (const [kind, tamper] of Object.entries(TAMPERINGS)) {
            const bad = tamper(structuredClone(cert), rnd);
            if (bad) tally.record(kind, checkInjectiveCertificate(n, null, lines(bad)), () => JSON.stringify(bad));
          }
        }
        expect(tally.escaped.slice(0, 1)).toEqual([]);
      }),
      { numRuns: 40 },
    );
    console.log(`injectivity tamperings rejected/tried: ${tally.table()}`);
    tally.expectAllRejected(5);
  });
});
