/**
 * --pin and --slice on the command line (issue 12): `--pin` gives the regions of the slice along
 * the free axes, `--box` intervals with LO = HI pin too, `--original` maps witnesses back, answers'
 * points are NET's inputs, certificates check with the same flags, and bad input is one line
 * `error: ...` with exit code 2.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, shared, tempDir } from './helpers/cli.js';

type Run = { status: number | null; stdout: string; stderr: string };

/** The CLI from source, asynchronously, so that a test's independent runs share the cores. */
const cli = (...a: string[]): Promise<Run> =>
  new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...a], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 }, (e, stdout, stderr) =>
      resolve({ status: e ? (typeof e.code === 'number' ? e.code : null) : 0, stdout, stderr }),
    );
  });

const tmp = tempDir('slices');
const net = join(shared, 'nets/random-d3-16x16x16.json');
const nnet = join(shared, 'acasxu/ACASXU_experimental_v2a_1_1.nnet');
const write = (name: string, value: unknown): string => {
  const p = join(tmp, name);
  writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value));
  return p;
};
const lines = (out: string) => out.trim().split('\n').map((l) => JSON.parse(l));

/** One line `error: ...` on stderr, nothing on stdout, exit 2. */
function expectInputError(r: Run, message: RegExp): void {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^error: [^\n]*\n$/);
  expect(r.stderr).toMatch(message);
}

describe('--pin and --slice', () => {
  it('--pin enumerates the slice along the free axes; --original maps witnesses back', async () => {
    const cert = join(tmp, 'pin.cert.jsonl');
    const axes = write('axes.json', { point: [0, '-1/3', 0], directions: [[1, 0, 0], [0, 0, 1]], box: '-1,1' });
    const [pinned, sliced] = await Promise.all([cli('enumerate', net, '--pin', '1=-1/3', '--certificate', cert), cli('enumerate', net, '--slice', axes, '--original')]);
    expect(pinned.status).toBe(0);
    expect(pinned.stderr).toMatch(/domain: box \[-1,1\]\^2 \(free inputs 0, 2; input 1 pinned to -1\/3\)/);
    expect(sliced.status).toBe(0);
    const a = lines(pinned.stdout);
    const b = lines(sliced.stdout);
    expect(a.length).toBeGreaterThan(100);
    expect(b.map(({ originalWitness, ...rec }) => rec)).toEqual(a);
    for (const r of b) expect(r.originalWitness).toEqual([r.witness[0], '-1/3', r.witness[1]]);
    // the certificate is about the pinned network: it checks with the same pin, here given as a --box interval with LO = HI
    const check = await cli('check', net, cert, '--box', '-1:1,-1/3:-1/3,-1:1');
    expect(check.stdout).toMatch(new RegExp(`^valid: ${a.length} regions`));
    expect(check.status).toBe(0);
  });

  it('answers give points of NET\'s inputs', async () => {
    const r = await cli('range', net, '--output', '3', '--pin', '2=1/2', '--json');
    expect(r.status).toBe(0);
    const { min, max } = JSON.parse(r.stdout);
    for (const e of [min, max]) {
      expect(e.point).toHaveLength(3);
      expect(e.point[2]).toBe('1/2');
    }
  });

  it('bad input: one line, exit 2', async () => {
    const zero = write('zero.json', { point: [0, 0, 0], directions: [[1, 0, 0], [0, 0, 0]] });
    const dependent = write('dependent.json', { point: [0, 0, 0], directions: [['1/3', 1, 0], [0, 0, 1], [1, 3, '-2']] });
    const malformed = write('malformed.json', '{"point": [0, 0, 0], "directions": [[1, 0, 0]], "box": [-1, 1]}');
    const [outside, unknown, zeroRun, dependentRun, malformedRun] = await Promise.all([
      cli('count', nnet, '--pin', '2=0.5,3=-1/3,4=0'),
      cli('range', net, '--output', '0', '--pin', '3=0'),
      cli('count', net, '--slice', zero),
      cli('enumerate', net, '--slice', dependent),
      cli('lipschitz', net, '--slice', malformed),
    ]);
    expectInputError(outside, /^error: --pin: input 3 = -1\/3 is outside .*ACASXU_experimental_v2a_1_1\.nnet's input box, where input 3 ranges over \[100, 1200\]/);
    expectInputError(unknown, /^error: --pin: "3=0": unknown input 3 \(the network's inputs are 0\.\.2\)/);
    expectInputError(zeroRun, /^error: .*zero\.json: directions\[1\]: zero direction$/m);
    expectInputError(dependentRun, /directions\[2\] is a linear combination of directions\[0\], directions\[1\]/);
    expectInputError(malformedRun, /malformed\.json: box: expected a box spec string/);
  });
});
