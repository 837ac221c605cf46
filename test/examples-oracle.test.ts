/**
 * The oracle demonstrations (examples/oracle/): the interval engine sound, with a dropped bias,
 * and in float32 (in process, demo.ts), over the process protocol (engine-process.ts), and in
 * another language (interval_engine.py; skipped where python3 with numpy is missing, as in CI).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, root, tempDir } from './helpers/cli.js';

const tmp = tempDir('oracle-examples');
const tsEngine = (flags = '') => `${process.execPath} --import tsx ${join(root, 'examples/oracle/engine-process.ts')} ${flags}`;
const python = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
const hasNumpy = python.status === 0;

describe('examples/oracle', () => {
  it('demo.ts: the sound engine passes 1000 cases; a dropped bias and float32 rounding are caught', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'examples/oracle/demo.ts')], { encoding: 'utf8', cwd: root });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('sound engine: 1000 cases passed');
    const shrunk = /^dropped bias: caught after \d+ cases, shrunk to (\d+) hidden neuron\(s\):$/.exec(lines[1]);
    expect(Number(shrunk?.[1])).toBeLessThanOrEqual(2);
    const net = JSON.parse(lines[2]);
    expect(net.layers.flatMap((l: { weights: string[][]; bias: string[] }) => [...l.weights.flat(), ...l.bias]).every((v: string) => /^-?\d+(\/2)?$/.test(v))).toBe(true); // small integers and halves
    expect(lines[3]).toMatch(/engine (lower|upper) bound .* \(= -?\d+\/\d+\) is (above|below) the exact (minimum|maximum)/);
    expect(lines[4]).toMatch(/^float32 engine: unsound case found after \d+ cases:$/);
    expect(lines[5]).toMatch(/engine (lower|upper) bound .*\(= -?\d+\/\d+\) is (above|below) the exact (minimum|maximum)/);
  });

  it('the engine as a process: sound passes (exit 0); a dropped bias exits 1 with a reproducer folder', () => {
    const ok = cli('oracle', '--engine', tsEngine(), '--query', 'range', '--runs', '200', '--seed', '3', '--json');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ cases: 200, violations: 0 });
    const out = join(tmp, 'repro');
    const bad = cli('oracle', '--engine', tsEngine('--bug'), '--query', 'range', '--runs', '200', '--seed', '3', '--out', out);
    expect(bad.status).toBe(1);
    for (const f of ['network.json', 'query.json', 'exact.json', 'engine.json', 'README.md']) expect(existsSync(join(out, f))).toBe(true);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toMatch(/\d\/\d/);
  });

  it.skipIf(!hasNumpy)('interval_engine.py (numpy) over the protocol: sound on 300 cases', () => {
    const r = cli('oracle', '--engine', `python3 ${join(root, 'examples/oracle/interval_engine.py')}`, '--query', 'range', '--runs', '300', '--seed', '1', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ cases: 300, violations: 0 });
  });
  if (!hasNumpy) it.skip('interval_engine.py: skipped — python3 with numpy is not installed here (apt-get install python3-numpy)', () => {});
});
