/**
 * Writing files safely: every I/O failure is one line naming the path and the reason (exit 2)
 * with no file left under the final name; only regular files are replaced (symbolic links are
 * followed, devices written directly, never renamed over); an output that is also an input is
 * refused; rejected option combinations open no file.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, shared, tempDir } from './helpers/cli.js';

const tmp = tempDir('files');
const net = join(shared, 'nets/random-d2-16x16.json');

/** One line `error: ...` naming `place`, exit 2, no stack trace. */
function expectOneLineError(r: ReturnType<typeof cli>, place: RegExp): void {
  expect(r.status).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(place);
}

describe('write failures are one line, exit 2, nothing under the final name', () => {
  it.each([
    ['--out', ['enumerate', net, '--out']],
    ['--certificate', ['enumerate', net, '--certificate']],
    ['range --certificate', ['range', net, '--output', '0', '--certificate']],
    ['verify --certificate', ['verify', join(shared, 'vnncomp-test/test_nano.onnx'), join(shared, 'vnncomp-test/test_nano.vnnlib'), '--certificate']],
    ['merge --out', ['merge', join(tmp, 'missing-part.jsonl'), '--out']],
  ])('%s: a directory, a missing folder', (_, a) => {
    const dir = join(tmp, `dir-${_.replace(/\W/g, '')}`);
    mkdirSync(dir);
    expectOneLineError(cli(...(a as string[]), dir), /is a directory/);
    expectOneLineError(cli(...(a as string[]), join(tmp, 'no-such-folder', 'x.jsonl')), /no-such-folder.*does not exist/);
    expect(readdirSync(dir)).toEqual([]);
  });

  const full = existsSync('/dev/full');
  it.skipIf(!full)('a full disk (a symlink to /dev/full): enumerate --out, --certificate, range --certificate', () => {
    // never name the device itself: a rename over it would replace it (tests run as root)
    const link = join(tmp, 'full-link');
    symlinkSync('/dev/full', link);
    for (const a of [
      ['enumerate', net, '--out', link],
      ['enumerate', net, '--out', join(tmp, 'ok.jsonl'), '--certificate', link],
      ['range', net, '--output', '0', '--certificate', link],
    ]) {
      expectOneLineError(cli(...a), /full-link: cannot write: ENOSPC/);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(readlinkSync(link)).toBe('/dev/full');
      expect(lstatSync('/dev/full').isCharacterDevice()).toBe(true);
    }
    expect(existsSync(join(tmp, 'ok.jsonl'))).toBe(false); // the failed run's other output is not left either
    expect(readdirSync(tmp).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('a symlink to a regular file: the file is replaced when complete, the link stays', () => {
    const target = join(tmp, 'target.jsonl');
    const link = join(tmp, 'link.jsonl');
    writeFileSync(target, 'old\n');
    symlinkSync(target, link);
    expect(cli('enumerate', net, '--out', link).status).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8').trim().split('\n')).toHaveLength(127);
  });

  it('a dangling symlink is refused', () => {
    const link = join(tmp, 'dangling.jsonl');
    symlinkSync(join(tmp, 'nowhere', 'x'), link);
    expectOneLineError(cli('enumerate', net, '--out', link), /symbolic link to a missing file/);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('an output that is also an input is refused before anything is written', () => {
    const copy = join(tmp, 'net-copy.json');
    writeFileSync(copy, readFileSync(net));
    const before = readFileSync(copy, 'utf8');
    expectOneLineError(cli('enumerate', copy, '--out', copy), /is also an input/);
    expectOneLineError(cli('enumerate', copy, '--certificate', copy), /is also an input/);
    expectOneLineError(cli('range', copy, '--output', '0', '--certificate', copy), /is also an input/);
    const vnn = join(shared, 'vnncomp-test');
    const prop = join(tmp, 'prop.vnnlib');
    writeFileSync(prop, readFileSync(join(vnn, 'test_nano.vnnlib')));
    expectOneLineError(cli('verify', join(vnn, 'test_nano.onnx'), prop, '--certificate', prop), /is also an input/);
    expect(readFileSync(copy, 'utf8')).toBe(before);
    expect(readFileSync(prop, 'utf8')).toBe(readFileSync(join(vnn, 'test_nano.vnnlib'), 'utf8'));
  });

  it('rejected option combinations open no file', () => {
    const cert = join(tmp, 'rejected.cert');
    for (const a of [
      ['--float', '--certificate', cert],
      ['--workers', '2', '--certificate', cert],
      ['--shard', '1/2', '--certificate', cert],
    ]) {
      const r = cli('enumerate', net, ...a);
      expect(r.status).toBe(2);
      expect(existsSync(cert) || existsSync(`${cert}.partial`)).toBe(false);
    }
    const v = cli('verify', join(shared, 'vnncomp-test/test_nano.onnx'), join(shared, 'vnncomp-test/test_nano.vnnlib'), '--float-bounds', '--certificate', cert);
    expect(v.status).toBe(2); // an unknown flag
    expect(existsSync(cert) || existsSync(`${cert}.partial`)).toBe(false);
  });

  it('merge of a missing file is one line naming it', () => {
    expectOneLineError(cli('merge', join(tmp, 'missing-part.jsonl')), /missing-part\.jsonl: cannot read: ENOENT/);
  });

  it('a complete run leaves no .partial file', () => {
    const out = join(tmp, 'clean.jsonl');
    const cert = join(tmp, 'clean.cert');
    expect(cli('enumerate', net, '--out', out, '--certificate', cert).status).toBe(0);
    expect(existsSync(`${out}.partial`) || existsSync(`${cert}.partial`)).toBe(false);
    expect(cli('check', net, cert).status).toBe(0);
  });
});

describe('--workers is capped', () => {
  it('an absurd thread count runs with twice the CPUs and says so', () => {
    const r = cli('count', net, '--workers', '256', '--json');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/--workers 256 capped at \d+/);
    expect(JSON.parse(r.stdout).activationRegions).toBe(127);
  });
});
