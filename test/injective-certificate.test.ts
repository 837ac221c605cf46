/**
 * Injectivity certificates: written by `injectivity` when the answer is injective, valid under
 * the independent checker on the examples, and every tampering that matters rejected.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkInjectiveCertificate } from '../src/certify/injective-checker.js';
import type { Domain } from '../src/domain/domain.js';
import type { Network } from '../src/network/network.js';
import { networkToJson } from '../src/testing/arbitraries.js';
import { injectivity } from '../src/verify/injectivity.js';
import { pairSearch } from '../src/verify/injectivity-pairs.js';
import { box, layer, net, plusMinus, whole } from './helpers/nets.js';

type Node = Record<string, any>;

async function certify(n: Network, domain: Domain): Promise<{ cert: Node[]; r: Awaited<ReturnType<typeof injectivity>> }> {
  const cert: Node[] = [];
  const r = await injectivity(n, domain, pairSearch({ lpSolves: 0, pairsSkipped: 0 }), { certificate: (l) => cert.push(structuredClone(l) as Node) });
  return { cert, r };
}
const check = (n: Network, cert: Node[]) => checkInjectiveCertificate(n, null, cert.map((l) => JSON.stringify(l)));
const regionLines = (cert: Node[]) => cert.flatMap((l, i) => (l.t === 'region' ? [i] : []));

describe('injectivity certificates', () => {
  it.each([2, 3])('ReLU([I;-I]x) on R^%i (one layer: full-rank minors, no pairs)', async (d) => {
    const n = plusMinus(d, false);
    const { cert, r } = await certify(n, whole);
    expect(r.injective).toBe(true);
    expect(check(n, cert)).toMatchObject({ valid: true, regions: 2 ** d, pairs: 0 });
  });

  it('ReLU(x + 2·1) on [-1,1]^2 (one layer, one region)', async () => {
    const n = net(2, layer([[1, 0], [0, 1]], [2, 2]));
    const { cert } = await certify(n, box(-1, 1, 2));
    expect(check(n, cert)).toMatchObject({ valid: true, regions: 1, pairs: 0 });
  });

  it('[I, -I]·ReLU([I; -I]x), the identity, on [-1,1]^2: every region pair proved by certified LPs', async () => {
    const n = plusMinus(2, true);
    const { cert, r } = await certify(n, box(-1, 1, 2));
    expect(r.injective).toBe(true);
    const c = check(n, cert);
    expect(c).toMatchObject({ valid: true, regions: 4, pairs: 6 });
  });

  it('a two-layer net that folds only outside the domain: injective on [-1,1]^2', async () => {
    const n = net(2, layer([[1, 0], [0, 1]], [2, 2]), layer([[1, 0], [0, 1]], [0, 0], 'linear'));
    const { cert } = await certify(n, box(-1, 1, 2));
    expect(check(n, cert)).toMatchObject({ valid: true });
  });

  it('tampering is rejected with a reason', async () => {
    const n = plusMinus(2, true);
    const { cert } = await certify(n, box(-1, 1, 2));
    const regions = regionLines(cert);
    const last = regions.at(-1)!;
    const tamper = (f: (c: Node[]) => void, reason: RegExp) => {
      const c = structuredClone(cert);
      f(c);
      const r = check(n, c);
      expect(r.valid).toBe(false);
      if (!r.valid) expect(r.reason).toMatch(reason);
    };
    tamper((c) => (c[regions[0]].minor = [0, 0]), /distinct output indices/);
    tamper((c) => (c[regions[0]].minor = [0]), /minor must list 2/);
    tamper((c) => c[last].pairs.pop(), /one proof for each of the 3 earlier regions/);
    tamper((c) => {
      const proof = c[last].pairs[0];
      const cert0 = proof.lps ? proof.lps[0] : proof.farkas;
      cert0[0][1] = `${cert0[0][1]}1`; // a multiplier changed
    }, /pair with region 0/);
    tamper((c) => {
      const proof = c[last].pairs[1];
      if (proof.lps) proof.lps[0] = [];
      else proof.farkas = [];
    }, /pair with region 1/);
    tamper((c) => (c[0].kind = 'enumeration'), /kind "enumeration", expected "injective"/);
    tamper((c) => delete c[regions[1]].pairs, /pairs must hold one proof/);
  });

  it('the fold (|x1|, x2) is not injective: a pair, and no certificate is completed', async () => {
    const fold = net(2, layer([[1, 0], [-1, 0], [0, 1]], [0, 0, 2]), layer([[1, 1, 0], [0, 0, 1]], [0, -2], 'linear'));
    const { cert, r } = await certify(fold, box(-1, 1, 2));
    expect(r.injective).toBe(false);
    expect(cert.at(-1)?.t).not.toBe('end');
    expect(check(fold, cert).valid).toBe(false);
  });
});

describe('relu-regions injective --certificate, then check', () => {
  it('writes a certificate only when injective; check exits 0 on it', () => {
    const root = new URL('..', import.meta.url).pathname;
    const cli = (...a: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...a], { encoding: 'utf8', cwd: root });
    const dir = mkdtempSync(join(tmpdir(), 'relu-regions-inj-'));
    const id = join(dir, 'identity.json');
    writeFileSync(id, JSON.stringify(networkToJson(plusMinus(2, true))));
    const fold = join(dir, 'fold.json');
    writeFileSync(fold, JSON.stringify(networkToJson(net(2, layer([[1, 0], [-1, 0], [0, 1]], [0, 0, 2]), layer([[1, 1, 0], [0, 0, 1]], [0, -2], 'linear')))));
    const [c1, c2] = [join(dir, 'id.jsonl'), join(dir, 'fold.jsonl')];
    expect(cli('injective', id, '--box=-1:1,-1:1', '--certificate', c1)).toMatchObject({ status: 0, stdout: expect.stringMatching(/^injective[^]*certificate written to /) });
    expect(cli('check', id, c1)).toMatchObject({ status: 0, stdout: expect.stringMatching(/^valid: injective \(4 regions with full-rank maps, 6 region pairs proved apart\)/) });
    expect(cli('injective', fold, '--box=-1:1,-1:1', '--certificate', c2)).toMatchObject({ status: 1, stdout: expect.stringMatching(/^not injective/) });
    expect(existsSync(c2)).toBe(false);
    expect(existsSync(`${c2}.partial`)).toBe(false);
  });
});
