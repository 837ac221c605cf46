/**
 * Stopping: every long-running command stops soon after the first SIGINT/SIGTERM/SIGHUP with a
 * partial or unknown answer, exits with 128 + the signal's number, writes only complete lines,
 * and leaves no incomplete file under a final name; a second signal exits at once. The signals
 * arrive at seeded random moments once the run is under way.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoppedError } from '../src/run-control.js';
import { checkCertificateFile } from '../src/certify/checker.js';
import { runEnumeration } from '../src/enumerate/run.js';
import { loadNetwork } from '../src/network/load.js';
import { bigNet, runAndSignal, shared, tempDir } from './helpers/cli.js';
import { mulberry32 } from './helpers/random.js';

const tmp = tempDir('signals');
const big = bigNet(tmp);
const rnd = mulberry32(20261129);
const moment = () => Math.floor(rnd() * 600); // ms after the run is under way
const SLOW = 20; // s: a stop must come long before the run would end (minutes), however loaded the machine

const completeJsonLines = (text: string): unknown[] => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));

describe('stop signals', () => {
  it('SIGINT: enumerate keeps the regions found under FILE.partial (complete lines), no certificate, exit 130', async () => {
    const out = join(tmp, 'int.jsonl');
    const cert = join(tmp, 'int.cert');
    const r = await runAndSignal(['enumerate', big, '--out', out, '--certificate', cert], ['SIGINT'], { ready: () => existsSync(`${out}.partial`), delayMs: 300 + moment() });
    expect(r.code).toBe(130);
    expect(r.afterSignal).toBeLessThan(SLOW);
    expect(r.stderr).toContain('PARTIAL: stopped by interrupted');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(cert) || existsSync(`${cert}.partial`)).toBe(false);
    const recs = completeJsonLines(readFileSync(`${out}.partial`, 'utf8'));
    expect(recs.length).toBe(Number(/activation regions: (\d+)/.exec(r.stderr)?.[1]));
    expect(r.stderr).toContain(`${out}.partial (PARTIAL`);
  });

  it('a second SIGINT exits at once and removes the partial files', async () => {
    const out = join(tmp, 'double.jsonl');
    const r = await runAndSignal(['enumerate', big, '--out', out], ['SIGINT', 'SIGINT'], { ready: () => existsSync(`${out}.partial`), delayMs: moment(), gapMs: 1 });
    expect(r.code).toBe(130);
    expect(existsSync(out)).toBe(false);
    // the first signal may already have ended the run cleanly (then FILE.partial is kept whole)
    if (r.stderr.includes('again: aborting')) expect(existsSync(`${out}.partial`)).toBe(false);
    else completeJsonLines(readFileSync(`${out}.partial`, 'utf8'));
  });

  it('SIGTERM: verify answers unknown (interrupted) with its statistics, no certificate, exit 143', async () => {
    const acas = join(shared, 'acasxu');
    const cert = join(tmp, 'verify.cert');
    const r = await runAndSignal(['verify', join(acas, 'ACASXU_run2a_1_1_batch_2000.onnx'), join(acas, 'prop_3.vnnlib'), '--certificate', cert, '--json'], ['SIGTERM'], {
      ready: () => existsSync(`${cert}.partial`),
      delayMs: moment(),
    });
    expect(r.code).toBe(143);
    expect(r.afterSignal).toBeLessThan(SLOW);
    const v = JSON.parse(r.stdout);
    expect(v.result).toBe('unknown');
    expect(v.reason).toBe('interrupted');
    expect(v.stats.boxes).toBeGreaterThan(0);
    expect(existsSync(cert) || existsSync(`${cert}.partial`)).toBe(false);
  });

  it('SIGHUP: range reports the extremes seen so far as partial, no certificate, exit 129', async () => {
    const cert = join(tmp, 'range.cert');
    const r = await runAndSignal(['range', big, '--output', '0', '--certificate', cert, '--json'], ['SIGHUP'], { ready: () => existsSync(`${cert}.partial`), delayMs: moment() });
    expect(r.code).toBe(129);
    const v = JSON.parse(r.stdout);
    expect(v.partial).toBe(true);
    expect(v.stopReason).toBe('interrupted');
    expect(v.regions).toBeGreaterThan(0);
    expect(typeof v.min.approx).toBe('number');
    expect(existsSync(cert) || existsSync(`${cert}.partial`)).toBe(false);
  });

  // nets on which each query must look at every region (or pair) before it can answer
  // (monotone nets have few regions: 4-40-40-40 with |weights| took 1.7 s once the enumerator got
  // faster, so it ended before the signal; 4-60-60-60 takes about 14 s)
  const monotoneNet = join(tmp, 'monotone.json');
  const parsed = JSON.parse(readFileSync(bigNet(tmp, [4, 60, 60, 60]), 'utf8'));
  for (const layer of parsed.layers) layer.weights = layer.weights.map((row: number[]) => row.map(Math.abs));
  writeFileSync(monotoneNet, JSON.stringify(parsed));
  it.each([
    ['count', ['count', big], /PARTIAL: stopped by interrupted/],
    ['lipschitz', ['lipschitz', big], /^PARTIAL \(interrupted after \d+ regions\): the constant is at least this/],
    ['monotone', ['monotone', monotoneNet, '--input', '0', '--output', '0'], /^unknown: PARTIAL \(interrupted after \d+ regions\)/],
    ['injective', ['injective', big], /^unknown: PARTIAL \(interrupted\)/],
    ['equivalent', ['equivalent', big, big], /^unknown: PARTIAL \(interrupted\)/],
  ])('SIGTERM: %s stops with a partial answer, exit 143', async (_, a, pattern) => {
    const r = await runAndSignal(a as string[], ['SIGTERM'], { delayMs: 2500 + moment() });
    expect(r.code).toBe(143);
    expect(r.afterSignal).toBeLessThan(SLOW);
    expect(r.stdout).toMatch(pattern);
  });

  it('SIGINT: levelset keeps the pieces found under FILE.partial (complete lines), no certificate, exit 130', async () => {
    const out = join(tmp, 'level.jsonl');
    const cert = join(tmp, 'level.cert');
    const r = await runAndSignal(['levelset', big, '--output', '0', '--le', '0', '--out', out, '--certificate', cert], ['SIGINT'], { ready: () => existsSync(`${out}.partial`), delayMs: 300 + moment() });
    expect(r.code).toBe(130);
    expect(r.afterSignal).toBeLessThan(SLOW);
    expect(r.stdout).toMatch(/^PARTIAL \(interrupted after \d+ regions\)/);
    expect(existsSync(out) || existsSync(cert) || existsSync(`${cert}.partial`)).toBe(false);
    const pieces = completeJsonLines(readFileSync(`${out}.partial`, 'utf8'));
    expect(pieces.length).toBe(Number(/(\d+) pieces in/.exec(r.stdout)?.[1]));
  });

  it('SIGTERM: invariant answers unknown, keeps the pieces of C under FILE.partial, no certificate, exit 143', async () => {
    const half = join(tmp, 'half4.json');
    writeFileSync(half, JSON.stringify({ inputSize: 4, layers: [{ weights: [['1/2', 0, 0, 0], [0, '1/2', 0, 0], [0, 0, '1/2', 0], [0, 0, 0, '1/2']], bias: [0, 0, 0, 0], activation: 'linear' }] }));
    const pieces = join(tmp, 'c.jsonl');
    const cert = join(tmp, 'inv.cert');
    const r = await runAndSignal(['invariant', '--barrier', big, '--output', '0', '--dynamics', half, '--box', '-1,1', '--level', '--pieces', pieces, '--certificate', cert], ['SIGTERM'], {
      ready: () => existsSync(`${pieces}.partial`),
      delayMs: 300 + moment(),
    });
    expect(r.code).toBe(143);
    expect(r.afterSignal).toBeLessThan(SLOW);
    expect(r.stdout).toMatch(/^unknown \(stopped: interrupted\)/);
    expect(r.stderr).toContain('no certificate: the run is partial');
    expect(existsSync(pieces) || existsSync(cert) || existsSync(`${cert}.partial`)).toBe(false);
    completeJsonLines(readFileSync(`${pieces}.partial`, 'utf8'));
  });

  it('check: a stop request ends a streamed check with StoppedError (no verdict)', async () => {
    const net = loadNetwork(join(shared, 'nets/random-d2-32x32.json'));
    const lines: string[] = [];
    await runEnumeration(net, { certificate: (l) => void lines.push(JSON.stringify(l)) });
    const path = join(tmp, 'd2.cert');
    writeFileSync(path, lines.join('\n') + '\n');
    expect((await checkCertificateFile(net, null, path)).valid).toBe(true);
    let calls = 0;
    const stopped = checkCertificateFile(net, null, path, { shouldStop: () => ++calls > 100 });
    await expect(stopped).rejects.toBeInstanceOf(StoppedError);
    await expect(checkCertificateFile(net, null, path, { shouldStop: () => ++calls > 100 })).rejects.toThrow(/stopped \(interrupted\) after line \d+/);
  });
});
