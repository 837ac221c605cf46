/** The research example (examples/research/counts.ts, referenced from the README) runs and prints its known answers. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { root } from './helpers/cli.js';

it('examples/research/counts.ts: one layer on R^2 matches Zaslavsky exactly; deeper counts are printed', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'examples/research/counts.ts')], { encoding: 'utf8', cwd: root });
  expect(r.stderr).toBe('');
  const lines = r.stdout.trim().split('\n');
  expect(lines).toHaveLength(7);
  for (const line of lines.slice(0, 4)) {
    const m = /^one layer of (\d+) on R\^2: (\d+) regions, Zaslavsky (\d+)$/.exec(line);
    expect(m, line).not.toBeNull();
    const n = Number(m![1]);
    expect(Number(m![2])).toBe(1 + n + (n * (n - 1)) / 2);
    expect(m![3]).toBe(m![2]);
  }
  for (const line of lines.slice(4)) expect(line).toMatch(/^2-(\d+)-\1 on \[-1,1\]\^2: \d+ regions$/);
  expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('examples/research/counts.ts');
});
