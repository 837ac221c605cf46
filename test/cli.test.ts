import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRecord } from '../src/certify/check-records.js';
import { loadNetwork } from '../src/network/load.js';

const root = new URL('..', import.meta.url).pathname;
const net16 = join(root, '../shared/nets/random-d2-16x16.json');
const args = (a: string[]) => ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...a];
const cli = (...a: string[]) => spawnSync(process.execPath, args(a), { encoding: 'utf8', cwd: root });
const tmp = mkdtempSync(join(tmpdir(), 'relu-regions-cli-'));

describe('relu-regions CLI', () => {
  it('count --json reports both counts, LP solves and certification paths', () => {
    const r = cli('count', net16, '--json');
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.activationRegions).toBe(127);
    expect(s.linearRegions).toBeGreaterThan(0);
    expect(s.lpSolves).toBeGreaterThan(0);
    expect(Object.keys(s.certified).sort()).toEqual(['exactSimplex', 'motzkin', 'vertexSignsExact', 'vertexSignsFiltered', 'witness']);
    expect(s.domain).toEqual({ kind: 'box', lo: ['-1', '-1'], hi: ['1', '1'] });
    expect(typeof s.seconds).toBe('number');
  });

  it('enumerate --out writes one checkable JSONL record per region', () => {
    const out = join(tmp, 'regions.jsonl');
    const r = cli('enumerate', net16, '--box', '-1/2:1,0:1', '--out', out);
    expect(r.status).toBe(0);
    const recs = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(r.stderr).toContain(`activation regions: ${recs.length}`);
    const net = loadNetwork(net16);
    for (const rec of recs) expect(checkRecord(net, rec)).toEqual({ ok: true });
    expect(new Set(recs.map((x) => x.pattern)).size).toBe(recs.length);
  });

  it('enumerate --merge labels every record with its linear region', () => {
    const r = cli('enumerate', net16, '--merge', '--max-regions', '1000');
    const recs = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(recs).toHaveLength(127);
    expect(recs.every((x) => Number.isInteger(x.linearRegion))).toBe(true);
  });

  it('--max-regions stops early and says the result is partial (exit 3: no complete answer)', () => {
    const r = cli('enumerate', net16, '--max-regions', '10');
    expect(r.status).toBe(3);
    expect(r.stdout.trim().split('\n')).toHaveLength(10);
    expect(r.stderr).toContain('PARTIAL');
  });

  it('--workers 2 finds the same regions as one thread', () => {
    const one = JSON.parse(cli('count', net16, '--json').stdout);
    const two = JSON.parse(cli('count', net16, '--json', '--workers', '2').stdout);
    expect(two.activationRegions).toBe(one.activationRegions);
    expect(two.linearRegions).toBe(one.linearRegions);
    const recs = cli('enumerate', net16, '--workers', '2').stdout.trim().split('\n').map((l) => JSON.parse(l));
    const single = cli('enumerate', net16).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(new Set(recs.map((r) => r.pattern))).toEqual(new Set(single.map((r) => r.pattern)));
    expect(recs.map((r) => r.id).sort((a, b) => a - b)).toEqual(single.map((r) => r.id));
  });

  it('--shard parts joined by merge give the whole count; overlapping parts are refused', () => {
    const parts = [1, 2, 3].map((i) => {
      const out = join(tmp, `part${i}.jsonl`);
      expect(cli('enumerate', net16, '--shard', `${i}/3`, '--out', out).status).toBe(0);
      return out;
    });
    const merged = JSON.parse(cli('merge', ...parts, '--json').stdout);
    expect(merged.partial).toBe(false);
    expect(merged.activationRegions).toBe(127);
    expect(merged.linearRegions).toBe(JSON.parse(cli('count', net16, '--json').stdout).linearRegions);
    const overlap = cli('merge', parts[0], parts[0]);
    expect(overlap.status).toBe(2);
    expect(overlap.stderr).toMatch(/part 1\/3 given twice/);
  });

  it('--float is labelled unsound', () => {
    const s = JSON.parse(cli('count', net16, '--json', '--float').stdout);
    expect(s.mode).toMatch(/UNSOUND/);
    expect(s.activationRegions).toBe(127);
  });

  it('Ctrl-C flushes the regions found so far and says so', async () => {
    // a net far too large to finish (tens of thousands of regions): interrupt once output flows
    const big = join(tmp, 'big.json');
    let seed = 1;
    const u = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    const layer = (i: number, o: number) => ({
      weights: Array.from({ length: o }, () => Array.from({ length: i }, u)),
      bias: Array.from({ length: o }, u),
    });
    writeFileSync(big, JSON.stringify({ inputSize: 4, layers: [layer(4, 40), layer(40, 40), layer(40, 40)] }));
    const child = spawn(process.execPath, args(['enumerate', big]), { cwd: root });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stderr.on('data', (b) => (stderr += b));
    child.stdout.on('data', (b) => {
      stdout += b;
      if (!signalled && stdout.split('\n').length > 20) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise((r) => child.on('close', r));
    expect(signalled).toBe(true);
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted');
    expect(stderr).toContain('PARTIAL');
    const lines = stdout.trim().split('\n');
    expect(lines.length).toBe(Number(/activation regions: (\d+)/.exec(stderr)?.[1]));
    for (const l of lines) expect(JSON.parse(l).pattern).toMatch(/^[01|]+$/);
  });

  describe('bad input gives one clear line naming the place, exit code 2', () => {
    const bad = (name: string, text: string) => {
      const p = join(tmp, name);
      writeFileSync(p, text);
      return p;
    };
    it.each([
      ['shape', () => cli('count', bad('shape.json', '{"inputSize":2,"layers":[{"weights":[[1,2,3]],"bias":[0]}]}')), /layers\[0\]\.weights\[0\]: 3 entries, expected 2/],
      ['activation', () => cli('count', bad('act.json', '{"inputSize":1,"layers":[{"weights":[[1]],"bias":[0],"activation":"tanh"}]}')), /layers\[0\]\.activation: unknown activation "tanh"/],
      ['NaN', () => cli('count', bad('nan.json', '{"inputSize":1,"layers":[{"weights":[["NaN"]],"bias":[0]}]}')), /layers\[0\]\.weights\[0\]\[0\]/],
      ['missing file', () => cli('count', join(tmp, 'nope.json')), /nope\.json: cannot read/],
      ['bad box', () => cli('count', net16, '--box', '1,0'), /--box: .*lower bound above upper bound/],
      ['flat box (every input pinned)', () => cli('count', net16, '--box', '0:0,0:0'), /--box: every input is pinned/],
      ['empty domain', () => cli('count', net16, '--domain', bad('dom.json', '{"A":[[1,0],[-1,0]],"b":[0,-1]}')), /domain: empty/],
      ['flat domain', () => cli('count', net16, '--domain', bad('dom2.json', '{"A":[[1,0],[-1,0]],"b":[0,0]}')), /domain: empty or lower-dimensional/],
      ['bad flag value', () => cli('count', net16, '--max-regions', 'many'), /--max-regions/],
      ['two domains', () => cli('count', net16, '--box', '0,1', '--whole-space'), /at most one of/],
    ])('%s', (_, run, pattern) => {
      const r = run();
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr.trim().split('\n')[0]).toMatch(/^error: /);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });
  });

  it('demo (npm start) enumerates, checks every region and the certificate', () => {
    const r = cli('demo');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/check: (\d+) of \1 regions verified exactly/);
    expect(r.stdout).toMatch(/certificate of completeness: valid/);
  });

  describe('exact queries', () => {
    const fold = () => {
      const p = join(tmp, 'fold.json');
      writeFileSync(p, JSON.stringify({ inputSize: 2, layers: [{ weights: [[1, 0], [-1, 0], [0, 1]], bias: [0, 0, 2] }, { weights: [[1, 1, 0], [0, 0, 1]], bias: [0, -2], activation: 'linear' }] }));
      return p;
    };
    const vnn = join(root, '../shared/vnncomp-test');

    it('verify prints the verdict, and for sat the result-file syntax', () => {
      const u = cli('verify', join(vnn, 'test_nano.onnx'), join(vnn, 'test_nano.vnnlib'));
      expect(u.status).toBe(0);
      expect(u.stdout.split('\n')[0]).toBe('unsat');
      const s = cli('verify', join(vnn, 'test_sat.onnx'), join(vnn, 'test_prop.vnnlib'), '--json');
      const j = JSON.parse(s.stdout);
      expect(j.result).toBe('sat');
      expect(j.x).toHaveLength(5);
      const t = cli('verify', join(vnn, 'test_sat.onnx'), join(vnn, 'test_prop.vnnlib'));
      expect(t.stdout).toMatch(/^sat\n\(\(X_0 -?\d+(\.\d+)?\)/);
      expect(t.stdout).toMatch(/\(Y_4 -?\d+(\.\d+)?\)\)/);
    });

    it('verify names the place of a malformed property file', () => {
      const bad = join(tmp, 'bad.vnnlib');
      writeFileSync(bad, '(declare-const X_0 Real)\n(assert (<= X_0 1)');
      const r = cli('verify', join(vnn, 'test_nano.onnx'), bad);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/bad\.vnnlib:2:\d+/);
    });

    it('range, injective, lipschitz, monotone and equivalent answer exactly', () => {
      const f = fold();
      expect(cli('range', f, '--output', '0').stdout).toMatch(/^min 0 at .*\nmax 1 at/);
      expect(cli('monotone', f, '--input', '0', '--output', '0').status).toBe(1);
      const inj = cli('injective', f);
      expect(inj.status).toBe(1);
      expect(inj.stdout).toMatch(/^not injective/);
      expect(cli('lipschitz', f, '--norm', '1').stdout).toMatch(/^Lipschitz constant \(1-norm\): 1\n/);
      expect(cli('monotone', f, '--input', '0', '--output', '0').stdout).toMatch(/^not monotone/);
      expect(cli('monotone', f, '--input', '1', '--output', '1').stdout).toMatch(/^monotone: output 1 in input 1 is nondecreasing/);
      expect(cli('equivalent', f, f).stdout).toMatch(/^equivalent/);
      const diff = cli('equivalent', f, net16);
      expect(diff.status).toBe(2); // 2 vs 16 outputs: bad input
      expect(diff.stderr).toMatch(/outputs/);
    });
  });

  it('--help lists the commands', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    for (const c of ['enumerate', 'count', 'check', 'merge', 'verify', 'range', 'injective', 'equivalent', 'lipschitz', 'monotone', 'demo']) expect(r.stdout).toContain(c);
  });
});
