import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCertificate, checkCertificateFile, checkRegionsMatch, type CheckResult } from '../src/certify/checker.js';
import type { Network } from '../src/network/network.js';
import type { Domain } from '../src/domain/domain.js';
import { box, layer, net, whole } from './helpers/nets.js';

// Certificates are built as arrays of plain objects (deliberately untyped, so tests can tamper
// freely), then serialised one JSON object per line.
type Obj = Record<string, any>;
const lines = (objs: Obj[]) => objs.map((o) => JSON.stringify(o));
const check = (n: Network, objs: Obj[], domain: Domain | null = null): CheckResult => checkCertificate(n, domain, lines(objs));
const copy = (objs: Obj[]): Obj[] => structuredClone(objs);

function header(inputSize: number, layerSizes: number[], domain: unknown = { kind: 'box', lo: ['-1'], hi: ['1'] }): Obj {
  return { format: 'relu-regions/certificate', version: 1, kind: 'enumeration', inputSize, layerSizes, domain };
}
const split = (l: number, j: number, g: string[], e: string): Obj => ({ t: 'split', layer: l, neuron: j, h: { g, e } });
const constant = (l: number, j: number, value: string): Obj => ({ t: 'const', layer: l, neuron: j, value });
const region = (id: number, pattern: string, witness: string[], W: string[][], c: string[]): Obj => ({
  t: 'region',
  id,
  pattern,
  witness,
  map: { W, c },
});
const empty = (motzkin: [number, string][]): Obj => ({ t: 'empty', motzkin });
const end = (regions: number, emptyLeaves: number): Obj => ({ t: 'end', regions, emptyLeaves });

/** Expects rejection at `line` with a reason matching `reason`. */
function rejected(r: CheckResult, line: number, reason: RegExp | string): void {
  expect(r.valid).toBe(false);
  if (r.valid) return;
  expect(r.reason).toMatch(reason);
  expect(r.line).toBe(line);
}

// x ↦ ReLU(x) on [-1,1]
const relu1 = net(1, layer([[1]], [0]));
const relu1Cert: Obj[] = [
  header(1, [1]),
  split(0, 0, ['1'], '0'),
  region(0, '1', ['1/2'], [['1']], ['0']),
  region(1, '0', ['-1/2'], [['0']], ['0']),
  end(2, 0),
];

describe('checker: x ↦ ReLU(x) on [-1,1]', () => {
  it('accepts the hand-made certificate', () => {
    const r = check(relu1, relu1Cert);
    expect(r).toMatchObject({ valid: true, regions: 2, emptyLeaves: 0, splits: 1, constants: 0 });
    expect(r.valid && r.domain).toEqual({ kind: 'box', lo: ['-1'], hi: ['1'] });
    expect(check(relu1, relu1Cert, box(-1, 1, 1)).valid).toBe(true);
    // equal rationals in other spellings are fine
    const c = copy(relu1Cert);
    c[1].h = { g: ['2/2'], e: '0/5' };
    c[2].witness = ['0.5'];
    expect(check(relu1, c).valid).toBe(true);
  });

  it('accepts trailing blank lines but nothing else after the footer', () => {
    expect(checkCertificate(relu1, null, [...lines(relu1Cert), '', '  ']).valid).toBe(true);
    rejected(checkCertificate(relu1, null, [...lines(relu1Cert), '{}']), 6, /after the footer/);
  });

  const tamper = (f: (c: Obj[]) => void): CheckResult => {
    const c = copy(relu1Cert);
    f(c);
    return check(relu1, c);
  };

  it('rejects a witness outside its region', () => {
    rejected(tamper((c) => (c[2].witness = ['-1/2'])), 3, /region 0: witness violates row 2 \(split on \[0,0\] at line 2, active side\)/);
    rejected(tamper((c) => (c[3].witness = ['0'])), 4, /region 1: witness violates row 2/); // on the boundary: strict rows
    rejected(tamper((c) => (c[2].witness = ['3/2'])), 3, /region 0: witness violates row 0 \(domain row 0\)/);
  });

  it('rejects wrong patterns, maps and ids', () => {
    rejected(tamper((c) => (c[2].pattern = '0')), 3, /region 0: pattern "0" differs from the path's bits "1"/);
    rejected(tamper((c) => (c[2].map.W[0][0] = '2')), 3, /region 0: map W\[0\]\[0\] differs/);
    rejected(tamper((c) => (c[3].map.c[0] = '1')), 4, /region 1: map c\[0\] differs/);
    rejected(tamper((c) => (c[3].id = 2)), 4, /expected id 1, got 2/);
    rejected(tamper((c) => ([c[2].id, c[3].id] = [1, 0])), 3, /expected id 0, got 1/);
  });

  it('rejects a wrong h, a wrong neuron and a constant-looking split', () => {
    rejected(tamper((c) => (c[1].h.g = ['2'])), 2, /split on \[0,0\]: stated h differs from the network's pre-activation \(g\[0\]\)/);
    rejected(tamper((c) => (c[1].h.e = '1/3')), 2, /stated h differs .*\(e\)/);
    rejected(tamper((c) => (c[1].neuron = 1)), 2, /split on \[0,1\]: expected neuron \[0,0\] next/);
    rejected(tamper((c) => (c[1] = constant(0, 0, '0'))), 2, /const \[0,0\]: the pre-activation is not constant on this node \(gradient g\[0\] = 1\)/);
    rejected(tamper((c) => (c[1].h.g = ['1', '0'])), 2, /h\.g: expected an array of 1 rational strings/);
    rejected(tamper((c) => (c[1].h.g = [1])), 2, /not an exact rational string/);
  });

  it('rejects incomplete trees, extra nodes, wrong footers', () => {
    rejected(tamper((c) => c.splice(3, 1)), 4, /footer before the tree is complete: split at line 2 has no inactive child/);
    rejected(check(relu1, relu1Cert.slice(0, 3)), 2, /unexpected end of certificate: split at line 2 has no inactive child/);
    rejected(check(relu1, relu1Cert.slice(0, 2)), 2, /unexpected end of certificate: split at line 2 has no active child/);
    rejected(check(relu1, relu1Cert.slice(0, 4)), 5, /unexpected end of certificate: no footer/);
    rejected(check(relu1, relu1Cert.slice(0, 1)), 2, /no root node/);
    rejected(check(relu1, []), 1, /empty certificate/);
    rejected(tamper((c) => c.splice(4, 0, region(2, '1', ['1/2'], [['1']], ['0']))), 5, /trailing node after the complete tree/);
    rejected(tamper((c) => (c[4].regions = 3)), 5, /footer says 3 regions, the tree has 2/);
    rejected(tamper((c) => (c[4].emptyLeaves = 1)), 5, /footer says 1 empty leaves, the tree has 0/);
    rejected(tamper((c) => c.splice(1, 1)), 2, /region 0: a region leaf before every ReLU neuron is decided \(\[0,0\] is next\)/);
    rejected(tamper((c) => c.splice(2, 0, split(0, 0, ['1'], '0'))), 3, /every ReLU neuron is already decided on this path/);
    rejected(checkCertificate(relu1, null, ['{', ...lines(relu1Cert).slice(1)]), 1, /not valid JSON/);
    rejected(checkCertificate(relu1, null, [lines(relu1Cert)[0], '', ...lines(relu1Cert).slice(1)]), 2, /blank line/);
    rejected(tamper((c) => (c[2].t = 'leaf')), 3, /unknown node type "leaf"/);
  });

  it('rejects headers that do not match the network or the given domain', () => {
    rejected(tamper((c) => (c[0].format = 'other')), 1, /header: format/);
    rejected(tamper((c) => (c[0].version = 2)), 1, /unsupported version 2/);
    rejected(tamper((c) => (c[0].inputSize = 2)), 1, /inputSize 2, the network has 1/);
    rejected(tamper((c) => (c[0].layerSizes = [2])), 1, /layerSizes \[2\], the network has \[1\]/);
    rejected(tamper((c) => (c[0].domain = { kind: 'box', lo: ['1'], hi: ['-1'] })), 1, /header: bad domain/);
    rejected(tamper((c) => delete c[0].domain), 1, /header: domain missing/);
    rejected(check(relu1, relu1Cert, box(-2, 2, 1)), 1, /the certificate's domain .* is not the given domain/);
    // a smaller domain in the header: every witness still checks, but it is not the domain asked for
    const small = copy(relu1Cert);
    small[0].domain = { kind: 'box', lo: ['-1'], hi: ['1/2'] };
    small[2].witness = ['1/4'];
    expect(check(relu1, small).valid).toBe(true);
    rejected(check(relu1, small, box(-1, 1, 1)), 1, /not the given domain/);
  });

  it('checks on the whole space (no domain rows)', () => {
    const c = copy(relu1Cert);
    c[0].domain = { kind: 'whole' };
    c[2].witness = ['1000'];
    expect(check(relu1, c, whole).valid).toBe(true);
    c[2].witness = ['-1000'];
    rejected(check(relu1, c), 3, /region 0: witness violates row 0 \(split on \[0,0\]/);
  });
});

// ReLU(2x − 4) on [-1,1]: the active side is empty. Rows at the active leaf, primitive:
// 0: x < 1, 1: −x < 1, 2: (−g, e)/2 = −x < −2. y = (1, 0, 1): a: 1 − 1 = 0, b: 1 − 2 = −1 <= 0.
const shifted = net(1, layer([[2]], [-4]));
const shiftedCert: Obj[] = [
  header(1, [1]),
  split(0, 0, ['2'], '-4'),
  empty([[0, '1'], [2, '1']]),
  region(0, '0', ['0'], [['0']], ['0']),
  end(1, 1),
];

describe('checker: empty leaves (Motzkin certificates)', () => {
  it('accepts the hand-made certificate (rows in primitive form)', () => {
    expect(check(shifted, shiftedCert)).toMatchObject({ valid: true, regions: 1, emptyLeaves: 1, splits: 1 });
    const c = copy(shiftedCert);
    c[2].motzkin = [[2, '3'], [0, '3'], [1, '0']]; // any order, zero entries and scaling are fine
    expect(check(shifted, c).valid).toBe(true);
  });

  const tamper = (motzkin: unknown): CheckResult => {
    const c = copy(shiftedCert);
    c[2].motzkin = motzkin;
    return check(shifted, c);
  };

  it('rejects bad multipliers', () => {
    rejected(tamper([[0, '1'], [2, '2']]), 3, /empty leaf: Σ y_i a_i != 0 \(coordinate 0\)/);
    rejected(tamper([[0, '1'], [1, '1']]), 3, /empty leaf: Σ y_i b_i = 2 > 0/);
    rejected(tamper([[0, '-1'], [2, '1']]), 3, /multiplier of row 0 is not a nonnegative integer: "-1"/);
    rejected(tamper([[0, '1/2'], [2, '1/2']]), 3, /not a nonnegative integer/);
    rejected(tamper([[0, 1], [2, 1]]), 3, /not a nonnegative integer/);
    rejected(tamper([[0, '1'], [3, '1']]), 3, /multiplier for row 3, but the node has rows 0\.\.2/);
    rejected(tamper([[0, '1'], [0, '1'], [2, '1']]), 3, /row 0 has two multipliers/);
    rejected(tamper([[0, '0']]), 3, /all multipliers are zero/);
    rejected(tamper([]), 3, /all multipliers are zero/);
    rejected(tamper('1,2'), 3, /motzkin must be an array/);
  });

  it('rejects an empty leaf on a non-empty side', () => {
    const c = copy(shiftedCert);
    c[3] = empty([[0, '1'], [1, '1']]); // the inactive side contains all of (−1, 1)
    c[4] = end(0, 2);
    rejected(check(shifted, c), 4, /empty leaf: Σ y_i b_i = 2 > 0/);
  });
});

// x ↦ ReLU(x) + ReLU(0·x + 3) (a constant neuron), read out by a linear layer
const withConst = net(1, layer([[1], [0]], [0, 3]), layer([[1, 1]], [0], 'linear'));
const withConstCert: Obj[] = [
  header(1, [2, 1]),
  split(0, 0, ['1'], '0'),
  constant(0, 1, '3'),
  region(0, '11', ['1/2'], [['1']], ['3']),
  constant(0, 1, '3'),
  region(1, '01', ['-1/2'], [['0']], ['3']),
  end(2, 0),
];

describe('checker: constant neurons', () => {
  it('accepts the hand-made certificate', () => {
    expect(check(withConst, withConstCert)).toMatchObject({ valid: true, regions: 2, splits: 1, constants: 2 });
  });

  it('rejects a wrong value, a split on a constant neuron, a missing const node', () => {
    const tamper = (f: (c: Obj[]) => void): CheckResult => {
      const c = copy(withConstCert);
      f(c);
      return check(withConst, c);
    };
    rejected(tamper((c) => (c[4].value = '2')), 5, /const \[0,1\]: stated value 2 differs from the network's pre-activation 3/);
    rejected(tamper((c) => (c[2] = split(0, 1, ['0'], '3'))), 3, /split on \[0,1\]: h is constant \(3\) on this node: a constant neuron must be a const node/);
    rejected(tamper((c) => c.splice(2, 1)), 3, /region 0: a region leaf before every ReLU neuron is decided \(\[0,1\] is next\)/);
    rejected(tamper((c) => (c[3].pattern = '10')), 4, /pattern "10" differs from the path's bits "11"/);
    rejected(tamper((c) => (c[5].map.c = ['0'])), 6, /region 1: map c\[0\] differs/);
  });
});

// Two layers: x ↦ ReLU(ReLU(x) − 1/2) on [-1,1]. On x < 0 the second neuron is the constant −1/2.
const deep = net(1, layer([[1]], [0]), layer([[1]], ['-1/2']));
const deepCert: Obj[] = [
  header(1, [1, 1]),
  split(0, 0, ['1'], '0'),
  split(1, 0, ['1'], '-1/2'),
  region(0, '1|1', ['3/4'], [['1']], ['-1/2']),
  region(1, '1|0', ['1/4'], [['0']], ['0']),
  constant(1, 0, '-1/2'),
  region(2, '0|0', ['-1/2'], [['0']], ['0']),
  end(3, 0),
];

describe('checker: composition through layers', () => {
  it('accepts the hand-made certificate', () => {
    expect(check(deep, deepCert)).toMatchObject({ valid: true, regions: 3, splits: 2, constants: 1 });
  });

  it('rejects h computed without the bits fixed by ancestors, and out-of-order neurons', () => {
    const tamper = (f: (c: Obj[]) => void): CheckResult => {
      const c = copy(deepCert);
      f(c);
      return check(deep, c);
    };
    rejected(tamper((c) => (c[5] = split(1, 0, ['1'], '-1/2'))), 6, /split on \[1,0\]: stated h differs .*\(g\[0\]\)/);
    rejected(tamper((c) => (c[2].h.e = '0')), 3, /split on \[1,0\]: stated h differs .*\(e\)/);
    rejected(tamper((c) => ([c[1], c[2]] = [c[2], c[1]])), 2, /split on \[1,0\]: expected neuron \[0,0\] next/);
    rejected(tamper((c) => (c[3].pattern = '11')), 4, /pattern "11" differs from the path's bits "1\|1"/);
    // a witness in the right cell of the first split but on the wrong side of the second
    rejected(tamper((c) => (c[4].witness = ['3/4'])), 5, /region 1: witness violates row 3 \(split on \[1,0\] at line 3, inactive side\)/);
  });
});

describe('checker: files and regions files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relu-regions-checker-'));
  const certPath = join(dir, 'cert.jsonl');
  writeFileSync(certPath, lines(relu1Cert).join('\r\n') + '\r\n');
  const records = [
    { id: 0, pattern: '1', witness: ['1/2'], constraints: [], map: { W: [['1']], c: ['0'] } },
    { id: 1, pattern: '0', witness: ['-1/2'], constraints: [], map: { W: [['0']], c: ['0'] } },
  ];
  const writeRecords = (name: string, recs: Obj[]) => {
    const p = join(dir, name);
    writeFileSync(p, recs.map((r) => JSON.stringify(r) + '\n').join(''));
    return p;
  };

  it('checkCertificateFile streams a file (CRLF line ends too)', async () => {
    expect(await checkCertificateFile(relu1, null, certPath)).toMatchObject({ valid: true, regions: 2 });
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, lines(relu1Cert.slice(0, 3)).join('\n'));
    expect(await checkCertificateFile(relu1, null, bad)).toMatchObject({ valid: false, line: 2 });
    await expect(checkCertificateFile(relu1, null, join(dir, 'missing.jsonl'))).rejects.toThrow(/ENOENT/);
  });

  it('checkRegionsMatch matches records by pattern, in any order, and compares witnesses and maps', async () => {
    expect(await checkRegionsMatch(certPath, writeRecords('ok.jsonl', records))).toEqual({ ok: true });
    const respelled = structuredClone(records);
    respelled[0].witness = ['0.5'];
    expect(await checkRegionsMatch(certPath, writeRecords('respelled.jsonl', respelled))).toEqual({ ok: true });
    const result = async (recs: Obj[]) => {
      const r = await checkRegionsMatch(certPath, writeRecords('x.jsonl', recs));
      return r.ok ? '' : r.reason;
    };
    // another order (as --workers writes them), ids renumbered: the same regions
    expect(await result([{ ...records[1], id: 0 }, { ...records[0], id: 1 }])).toBe('');
    // regions are named by pattern: records[0] is region 1 (x > 0), records[1] region 0
    expect(await result(records.slice(0, 1))).toMatch(/region 0 \(certificate line \d+\) is missing from the regions file/);
    expect(await result([...records, records[1]])).toMatch(/regions file lines 2 and 3: region 0 listed twice/);
    const w = structuredClone(records);
    w[1].witness = ['-1/3'];
    expect(await result(w)).toMatch(/region 0: witnesses differ/);
    const m = structuredClone(records);
    m[0].map.c = ['1'];
    expect(await result(m)).toMatch(/region 1: maps differ/);
    const p = structuredClone(records);
    p[0].pattern = '2';
    expect(await result(p)).toMatch(/region 1 \(certificate line \d+\) is missing from the regions file/);
    expect(await result([...records, { ...records[0], pattern: '3' }])).toMatch(/regions file line 3: region 3 is not in the certificate/);
  });

  it('relu-regions check: exit 0 valid, 1 invalid, 2 bad input', () => {
    const root = new URL('..', import.meta.url).pathname;
    const cli = (...a: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...a], { encoding: 'utf8', cwd: root });
    const netPath = join(dir, 'relu1.json');
    writeFileSync(netPath, JSON.stringify({ inputSize: 1, layers: [{ weights: [[1]], bias: [0], activation: 'relu' }] }));
    const ok = cli('check', netPath, certPath, '--regions', writeRecords('ok.jsonl', records));
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^valid: 2 regions, 0 empty leaves, 1 splits, 0 constant nodes \(checked in \d+\.\d+ s\)\n/);
    expect(ok.stdout).toContain("domain: box [-1,1] (from the certificate's header)");
    const badPath = join(dir, 'tampered.jsonl');
    const t = copy(relu1Cert);
    t[1].h.g = ['3'];
    writeFileSync(badPath, lines(t).join('\n') + '\n');
    const bad = cli('check', netPath, badPath);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe("invalid: line 2: split on [0,0]: stated h differs from the network's pre-activation (g[0])\n");
    const otherDomain = cli('check', netPath, certPath, '--box', '-2,2');
    expect(otherDomain.status).toBe(1);
    expect(otherDomain.stdout).toMatch(/^invalid: line 1: header: the certificate's domain/);
    const missing = cli('check', netPath, join(dir, 'nope.jsonl'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^error: .*nope\.jsonl: cannot read/);
  });
});
