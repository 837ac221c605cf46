/**
 * The network algebra on the command line and in the library: a closed loop built with
 * `closed-loop` equals the one built from `affine`, `concat-input` and `compose`, and both
 * compute A·x + B·π(x) + c exactly; bad shapes and files are one line, exit 2.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedLoop, compose, concatInput, affineNetwork } from '../src/index.js';
import { add, mul, rat, sub, toString, type Rational } from '../src/kernel/rational.js';
import { forward } from '../src/network/forward.js';
import { parseNetworkJson } from '../src/network/parse-json.js';
import { cli, tempDir } from './helpers/cli.js';

const tmp = tempDir('algebra');
const pi = join(tmp, 'pi.json');
// π(x) = relu(x0 − x1) − 1/2·relu(x1): a 2-state, 1-control ReLU controller
writeFileSync(pi, JSON.stringify({ inputSize: 2, layers: [{ weights: [[1, -1], [0, 1]], bias: [0, 0] }, { weights: [[1, '-1/2']], bias: [0], activation: 'linear' }] }));
const A = '[[1, "1/10"], [0, 1]]';
const B = '[[0], ["1/10"]]';

describe('compose, stack, affine, concat-input, closed-loop', () => {
  it('closed-loop equals compose(affine([A B], c), concat-input(π)), and both are A·x + B·π(x) + c exactly', () => {
    const loop = join(tmp, 'loop.json');
    const plant = join(tmp, 'plant.json');
    const cat = join(tmp, 'cat.json');
    const built = join(tmp, 'built.json');
    expect(cli('closed-loop', pi, '--A', A, '--B', B, '--c', '[0, "-1/100"]', '--out', loop).status).toBe(0);
    expect(cli('affine', '--A', '[[1, "1/10", 0], [0, 1, "1/10"]]', '--b', '[0, "-1/100"]', '--out', plant).status).toBe(0);
    expect(cli('concat-input', pi, '--out', cat).status).toBe(0);
    const composed = cli('compose', plant, cat);
    expect(composed.status).toBe(0);
    writeFileSync(built, composed.stdout);
    const a = parseNetworkJson(readFileSync(loop, 'utf8'));
    const b = parseNetworkJson(readFileSync(built, 'utf8'));
    const relu = (v: Rational) => (v.n > 0n ? v : rat(0n));
    for (const x of [[rat(1n, 3n), rat(-2n)], [rat(0n), rat(1n, 7n)], [rat(5n), rat(5n)]]) {
      const u = sub(relu(sub(x[0], x[1])), mul(rat(1n, 2n), relu(x[1])));
      const want = [add(x[0], mul(rat(1n, 10n), x[1])), add(add(x[1], mul(rat(1n, 10n), u)), rat(-1n, 100n))].map(toString);
      expect(forward(a, x).output.map(toString)).toEqual(want);
      expect(forward(b, x).output.map(toString)).toEqual(want);
    }
    // the library builds the same network
    const lib = closedLoop(JSON.parse(readFileSync(pi, 'utf8')), { A: [[1, '1/10'], [0, 1]], B: [[0], ['1/10']], c: [0, '-1/100'] });
    expect(JSON.stringify(lib.layers.map((l) => l.weights.map((r) => r.map(toString))))).toBe(JSON.stringify(a.layers.map((l) => l.weights.map((r) => r.map(toString)))));
    const again = compose(affineNetwork([[1, '1/10', 0], [0, 1, '1/10']], [0, '-1/100']), concatInput(JSON.parse(readFileSync(pi, 'utf8'))));
    expect(forward(again, [rat(2n), rat(1n)]).output.map(toString)).toEqual(forward(a, [rat(2n), rat(1n)]).output.map(toString));
  });

  it('stack of two networks gives both outputs', () => {
    const s = cli('stack', pi, pi);
    expect(s.status).toBe(0);
    const net = parseNetworkJson(s.stdout);
    const y = forward(net, [rat(3n), rat(1n)]).output.map(toString);
    expect(y).toEqual(['3/2', '3/2']); // relu(3 − 1) − relu(1)/2
  });

  it('bad input: one line, exit 2, no output file', () => {
    const out = join(tmp, 'never.json');
    for (const [args, pattern] of [
      [['compose', pi, pi], /compose: the inner network has 1 outputs, the outer one 2 inputs/],
      [['closed-loop', pi, '--A', '[[1]]', '--B', B], /closed loop: A must be 2×2/],
      [['affine', '--A', '[[1, 2], [3]]'], /A\[1\] has 1 entries/],
      [['affine', '--A', 'not json'], /--A/],
      [['affine', '--A', '@/nonexistent/file.json'], /--A \/nonexistent\/file\.json: cannot read/],
      [['stack', pi, join(tmp, 'missing.json')], /missing\.json: cannot read/],
    ] as const) {
      const r = cli(...args, '--out', out);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
      expect(existsSync(out)).toBe(false);
    }
  });
});
