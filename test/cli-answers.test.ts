/**
 * Answers that were wrong or inconsistent: the .nnet default domain, merge of parts that do not
 * belong together, check --regions on records in another order, one exit-code table, --json with
 * exact values and approximations on every command that answers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, shared, tempDir } from './helpers/cli.js';

const tmp = tempDir('answers');
const net16 = join(shared, 'nets/random-d2-16x16.json');
const net32 = join(shared, 'nets/random-d2-32x32.json');
const acas = join(shared, 'acasxu');
const nnet = join(acas, 'ACASXU_experimental_v2a_1_1.nnet');
const write = (name: string, value: unknown): string => {
  const p = join(tmp, name);
  writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value));
  return p;
};
/** x ↦ (relu(x0) + relu(-x0), relu(x1)): the fold, not injective, not monotone in x0. */
const fold = write('fold.json', { inputSize: 2, layers: [{ weights: [[1, 0], [-1, 0], [0, 1]], bias: [0, 0, 0] }, { weights: [[1, 1, 0], [0, 0, 1]], bias: [0, 0], activation: 'linear' }] });
const identity = write('identity.json', { inputSize: 2, layers: [{ weights: [[1, 0], [0, 1]], bias: [0, 0], activation: 'linear' }] });

describe('.nnet: the file input box is the default domain', () => {
  it('count without a domain flag enumerates the file box, in raw units', () => {
    const r = cli('count', nnet, '--max-regions', '3', '--json');
    const s = JSON.parse(r.stdout);
    expect(s.domain).toEqual({ kind: 'box', lo: ['0', '-3141593/1000000', '-3141593/1000000', '100', '0'], hi: ['60760', '3141593/1000000', '3141593/1000000', '1200', '1200'] });
    expect(s.warnings).toEqual([]);
    expect(r.stderr).not.toMatch(/warning/);
  });

  it('a domain or VNN-LIB box leaving the file box is warned about, on stderr and in --json', () => {
    const r = cli('verify', nnet, join(acas, 'prop_4.vnnlib'), '--json');
    expect(r.stderr).toMatch(/^warning: the domain .* leaves .*ACASXU_experimental_v2a_1_1\.nnet's input box .*input 0 reaches -75882789\/250000000 < 0/);
    expect(JSON.parse(r.stdout).warnings).toHaveLength(1);
    const box = cli('count', nnet, '--box', '0:1,0:1,0:1,100:101,0:1', '--max-regions', '1', '--json');
    expect(JSON.parse(box.stdout).warnings).toEqual([]);
    const outside = cli('lipschitz', nnet, '--box', '0:1,0:1,0:1,0:1,0:1', '--json');
    expect(outside.stderr).toMatch(/input 3 reaches 0 < 100/);
    expect(JSON.parse(outside.stdout).warnings[0]).toMatch(/clamps inputs/);
  });
});

describe('merge refuses parts that do not belong together', () => {
  const part = (netPath: string, shard: string, extra: string[] = []) => {
    const out = join(tmp, `${netPath.includes('32') ? 'n32' : 'n16'}-${shard.replace('/', 'of')}${extra.join('').replace(/\W/g, '')}.jsonl`);
    expect(cli('enumerate', netPath, '--shard', shard, '--out', out, ...extra).status).toBe(0);
    return out;
  };
  const a1 = part(net16, '1/2');
  const a2 = part(net16, '2/2');

  it('complete parts give the count; each carries the network hash, the domain and i/N', () => {
    const header = JSON.parse(readFileSync(a1, 'utf8').split('\n')[0]);
    expect(header).toMatchObject({ t: 'shard', shard: '1/2', domain: { kind: 'box' }, inputSize: 2 });
    expect(header.network).toMatch(/^sha256:[0-9a-f]{64}$/);
    const r = cli('merge', a1, a2, '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ partial: false, activationRegions: 127, missing: [] });
  });

  it('parts of different networks or domains are refused', () => {
    const other = part(net32, '2/2');
    const r = cli('merge', a1, other);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/a part of another network/);
    const box = part(net16, '2/2', ['--box', '0,1']);
    expect(cli('merge', a1, box).stderr).toMatch(/a part over another domain/);
    expect(cli('merge', a1, part(net16, '2/3')).stderr).toMatch(/of a split into 3 parts/);
  });

  it('a missing part gives a partial result, clearly marked, exit 3 — not a count', () => {
    const r = cli('merge', a1);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/1 of 2 parts \(PARTIAL: missing parts 2\/2;/);
    expect(r.stdout).toMatch(/linear regions: not computed/);
    const j = JSON.parse(cli('merge', a1, '--json').stdout);
    expect(j).toMatchObject({ partial: true, missing: ['2/2'], linearRegions: null });
  });

  it('an incomplete part (no end line) gives a partial result', () => {
    const lines = readFileSync(a2, 'utf8').trim().split('\n');
    const cut = write('cut.jsonl', lines.slice(0, -3).join('\n') + '\n');
    const r = cli('merge', a1, cut, '--json');
    expect(r.status).toBe(3);
    expect(JSON.parse(r.stdout).incomplete).toEqual([`2/2 (${cut})`]);
  });

  it('a file without a shard header is refused', () => {
    const plain = join(tmp, 'plain.jsonl');
    expect(cli('enumerate', net16, '--out', plain).status).toBe(0);
    expect(cli('merge', plain).stderr).toMatch(/plain\.jsonl:1: no shard header/);
  });
});

it('check --regions matches records by pattern: a --workers output (another order) is valid', () => {
  const cert = join(tmp, 'order.cert');
  const regions = join(tmp, 'order.jsonl');
  expect(cli('enumerate', net32, '--certificate', cert).status).toBe(0);
  expect(cli('enumerate', net32, '--workers', '2', '--out', regions).status).toBe(0);
  const r = cli('check', net32, cert, '--regions', regions);
  expect(r.stdout).toMatch(/^valid: 564 regions/);
  expect(r.status).toBe(0);
  // a record dropped or duplicated is still caught
  const lines = readFileSync(regions, 'utf8').trim().split('\n');
  expect(cli('check', net32, cert, '--regions', write('dropped.jsonl', lines.slice(1).join('\n'))).stdout).toMatch(/is missing from the regions file/);
  expect(cli('check', net32, cert, '--regions', write('dup.jsonl', [...lines, lines[5]].join('\n'))).stdout).toMatch(/listed twice/);
});

describe('one exit-code table: 0 holds, 1 negative finding, 2 bad input, 3 no answer', () => {
  it.each([
    ['monotone (no)', ['monotone', fold, '--input', '0', '--output', '0'], 1],
    ['monotone (yes)', ['monotone', fold, '--input', '1', '--output', '1'], 0],
    ['injective (no)', ['injective', fold], 1],
    ['injective (yes)', ['injective', identity], 0],
    ['equivalent (no)', ['equivalent', fold, identity], 1],
    ['equivalent (yes)', ['equivalent', fold, fold], 0],
    ['verify sat', ['verify', join(shared, 'vnncomp-test/test_sat.onnx'), join(shared, 'vnncomp-test/test_prop.vnnlib')], 1],
    ['verify unsat', ['verify', join(shared, 'vnncomp-test/test_nano.onnx'), join(shared, 'vnncomp-test/test_nano.vnnlib')], 0],
    ['range unbounded', ['range', identity, '--output', '0', '--whole-space'], 3],
    ['count --max-regions', ['count', net16, '--max-regions', '5'], 3],
    ['bad flag', ['count', net16, '--max-regions', '0'], 2],
  ])('%s', (_, a, code) => {
    const r = cli(...(a as string[]));
    expect(r.status).toBe(code);
    if (code === 3 && a[0] === 'range') expect(r.stderr.trim()).toBe('no answer: range: the output is unbounded on this domain');
  });
});

describe('--json with exact "p/q" values and approximations', () => {
  const json = (...a: string[]) => JSON.parse(cli(...a).stdout);
  it('lipschitz', () => {
    const j = json('lipschitz', net16, '--json');
    expect(j.value).toMatch(/^\d+\/\d+$/);
    const [p, q] = j.value.split('/').map(Number);
    expect(j.approx).toBeCloseTo(p / q, 12);
    expect(j.regions).toBe(127);
  });
  it('monotone, injective, equivalent', () => {
    const m = json('monotone', fold, '--input', '0', '--output', '0', '--json');
    expect(m.answer).toBe('not monotone');
    expect(m.counterexamples.increasing).toMatchObject({ value: '-1', approx: -1 });
    const i = json('injective', fold, '--json');
    expect(i.answer).toBe('not injective');
    expect(i.x.point).toHaveLength(2);
    expect(i.x.approx).toHaveLength(2);
    const e = json('equivalent', fold, identity, '--json');
    expect(e.answer).toBe('not equivalent');
    expect(e.y1.point).not.toEqual(e.y2.point);
  });
  it('check', () => {
    const cert = join(tmp, 'json.cert');
    expect(cli('range', net16, '--output', '0', '--certificate', cert).status).toBe(0);
    const c = json('check', net16, cert, '--json');
    expect(c).toMatchObject({ valid: true, kind: 'range', regions: 127 });
    const bad = write('bad.cert', readFileSync(cert, 'utf8').replace(/"max":"[^"]*"/, '"max":"0"'));
    const r = cli('check', net16, bad, '--json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).valid).toBe(false);
  });
  it('the human output leads with a decimal and shows the exact fraction', () => {
    expect(cli('lipschitz', net16).stdout).toMatch(/^Lipschitz constant \(inf-norm\): 0\.4280097269… \(= 963792223234157\/2251799813685248\)/);
  });
});
