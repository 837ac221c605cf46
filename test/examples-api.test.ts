/**
 * The library examples (examples/api/*.ts, shown whole in the README's Library section) run as a
 * user runs them and print their known answers; `npm test` also type-checks them (tsc).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers/cli.js';
import { spawnSync } from 'node:child_process';

const dir = join(root, 'examples/api');
const run = (file: string) => spawnSync(process.execPath, ['--import', 'tsx', join(dir, file)], { encoding: 'utf8', cwd: root });

const expected: Record<string, RegExp> = {
  'range.ts': /^min -2\/3 at \(1, 1\)\nmax 7\/3 at \(1, -1\)\n4 regions; certificate valid\n$/,
  'verify.ts': /^unsat true\nsat x = \([^)]*\), y = -?\d+(\/\d+)?\ntrue\n$/,
  'count.ts': /^6 activation regions, 6 linear regions\n$/,
  'lipschitz.ts': /^L = 3 on region 11\n$/,
  'monotone.ts': /^nondecreasing\nnonincreasing -2\n$/,
  'injective.ts': /^injective true\nnot injective f\((-?1)\) = f\((?!\1)-?1\)\n$/,
  'equivalent.ts': /^equivalent\nnot equivalent at x = \S+: \S+ vs \S+\n$/,
};

describe('examples/api', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  it('every example has a known answer here', () => expect(files.sort()).toEqual(Object.keys(expected).sort()));
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  it.each(files)('%s runs and prints its known answer; the README shows it whole', (file) => {
    const r = run(file);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(expected[file]);
    expect(readme).toContain(readFileSync(join(dir, file), 'utf8').trim());
  });
});
