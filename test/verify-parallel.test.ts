/**
 * verify --workers: the parts of the box searched by worker threads give the same verdicts, and
 * the assembled certificate checks like a single thread's.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCounterexample } from './helpers/verdicts.js';
import { checkVerdictCertificateParallel } from '../src/certify/parallel-check.js';
import { checkVerdictCertificate } from '../src/certify/verdict-checker.js';
import { loadNetwork } from '../src/network/load.js';
import { affineProperty } from '../src/verify/affine-property.js';
import { verifyParallel } from '../src/verify/parallel.js';
import { verifyProperty } from '../src/verify/verify.js';
import { loadVnnlib, parseVnnlib } from '../src/verify/vnnlib.js';
import { sawtooth } from './helpers/nets.js';

const shared = (p: string) => new URL(`../../shared/${p}`, import.meta.url).pathname;
const atLeast = (t: string) => `(declare-const X_0 Real)(declare-const Y_0 Real)(assert (>= X_0 0))(assert (<= X_0 1))(assert (>= Y_0 ${t}))`;

describe('verify with worker threads', () => {
  it('unsat: same verdict as one thread; the assembled certificate (with enumerated boxes) checks', async () => {
    const net = sawtooth(5);
    const prop = parseVnnlib(atLeast('1.000001'));
    const lines: string[] = [];
    const v = await verifyParallel(net, prop, { workers: 2, maxDepth: 4, certificate: (l) => lines.push(JSON.stringify(l)) });
    expect(v.result).toBe('unsat');
    expect((await verifyProperty(net, prop, { engine: 'box', maxDepth: 4 })).result).toBe('unsat');
    expect(v.stats.boxesEnumerated).toBeGreaterThan(0);
    const r = checkVerdictCertificate(net, affineProperty(prop), lines);
    expect(r).toMatchObject({ valid: true, verdict: 'unsat', boxes: v.stats.boxes, regions: v.stats.regions });
  });

  it('sat: test_sat.onnx (ACAS Xu 1_7) violates test_prop.vnnlib; the counterexample is exact', async () => {
    const net = loadNetwork(shared('vnncomp-test/test_sat.onnx'));
    const prop = loadVnnlib(shared('vnncomp-test/test_prop.vnnlib'));
    const v = await verifyParallel(net, prop, { workers: 2, timeoutSeconds: 60 });
    expectCounterexample(net, prop, v);
  });

  it('a timeout gives unknown and no certificate lines', async () => {
    const lines: object[] = [];
    const v = await verifyParallel(sawtooth(12), parseVnnlib(atLeast('1.000001')), { workers: 2, timeoutSeconds: 1e-6, certificate: (l) => lines.push(l) });
    expect(v).toMatchObject({ result: 'unknown', reason: 'timeout' });
    expect(lines).toEqual([]);
  });
});

describe('check with worker threads (verdict certificates)', () => {
  it('gives the single thread\'s answer: valid, or the same first failing line and reason', async () => {
    const net = sawtooth(6);
    const prop = parseVnnlib(atLeast('1.000001'));
    const cert: Record<string, any>[] = [];
    expect((await verifyProperty(net, prop, { engine: 'box', certificate: (l) => cert.push(l) })).result).toBe('unsat');
    const dir = mkdtempSync(join(tmpdir(), 'relu-regions-pcheck-'));
    const pruned = cert.flatMap((l, i) => (l.t === 'pruned' ? [i] : []));
    expect(pruned.length).toBeGreaterThan(4);
    const variants: [string, Record<string, any>[]][] = [['as written', cert]];
    // a later pruned leaf made to fail, then also an earlier one: the earliest line must win
    const late = structuredClone(cert);
    late[pruned.at(-1)!].atoms = [7];
    variants.push(['a late prune fails', late]);
    const both = structuredClone(late);
    both[pruned[1]].atoms = [7];
    variants.push(['an earlier prune fails too', both]);
    // a structural failure after a failing prune, and one before it
    const mixed = structuredClone(late);
    mixed[mixed.length - 1].boxes++;
    variants.push(['prune fails before the footer does', mixed]);
    const early = structuredClone(late);
    early[1] = { t: 'bisect', input: 0, at: '2' };
    variants.push(['a structural failure comes first', early]);
    for (const [k, [name, lines]] of variants.entries()) {
      const path = join(dir, `${k}.jsonl`);
      writeFileSync(path, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
      const serial = checkVerdictCertificate(net, null, lines.map((l) => JSON.stringify(l)));
      const parallel = await checkVerdictCertificateParallel(net, null, path, 2);
      const withoutTime = (r: object) => ({ ...r, seconds: undefined });
      expect(withoutTime(parallel), name).toEqual(withoutTime(serial));
      expect(serial.valid, name).toBe(name === 'as written');
    }
  });
});
