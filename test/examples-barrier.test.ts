/** The barrier example (examples/barrier/, referenced from the README) runs and prints its known answers. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { root } from './helpers/cli.js';

it('examples/barrier/barrier.ts: invariant, safe, initial set inside; the undamped plant breaks it at (1, 0); S has area 2', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'examples/barrier/barrier.ts')], { encoding: 'utf8', cwd: root });
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe(
    'invariant: true; safe: true; initial set inside: true\n' +
      'undamped: invariant: false; x = (1, 0), B(x) = 0, G(x) = (1, -1/20), B(G(x)) = 1/20\n' +
      'S has 4 pieces, area 2\n',
  );
  expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('examples/barrier/barrier.ts');
});
