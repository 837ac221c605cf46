/**
 * `relu-regions explain` as a command, on the examples (examples/titanic/, examples/penguins/):
 * the terminal table, --json, --csv, --report (self-contained HTML with SVG charts), --point;
 * bad input as one line `error: ...` with exit code 2; and the trainers reproduce the committed
 * networks and encoder specs byte for byte.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, root, shared, tempDir } from './helpers/cli.js';

const titanic = ['examples/titanic/titanic-net.json', join(shared, 'datasets/titanic.csv'), '--encoder', 'examples/titanic/encoder.json'];
const penguins = ['examples/penguins/penguins-net.json', join(shared, 'datasets/penguins.csv'), '--encoder', 'examples/penguins/encoder.json'];

/** Runs a trainer into `out` (a child process, so both trainers can run at once). */
function train(script: string, out: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, script), '--out', out], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('explain: the examples', () => {
  it('the trainers reproduce the committed networks and encoder specs', async () => {
    const dirs = [tempDir('titanic'), tempDir('penguins')];
    const [t, p] = await Promise.all([train('examples/titanic/train.ts', dirs[0]), train('examples/penguins/train.ts', dirs[1])]);
    expect(t.stderr).toBe('');
    expect(p.stderr).toBe('');
    expect(t.stdout).toMatch(/trained 10-8-8-1 on 891 passengers/);
    for (const [dir, files, ex] of [
      [dirs[0], ['titanic-net.json', 'encoder.json'], 'titanic'],
      [dirs[1], ['penguins-net.json', 'encoder.json'], 'penguins'],
    ] as const) {
      for (const f of files) expect(readFileSync(join(dir, f), 'utf8')).toBe(readFileSync(join(root, 'examples', ex, f), 'utf8'));
    }
  });

  it('Titanic: the summary and the table of the top clusters', () => {
    const r = cli('explain', ...titanic, '--label', 'survived');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^data: .*titanic\.csv: 891 rows, 891 used; filled: age 177, embarked 2$/m);
    expect(r.stdout).toMatch(/^network accuracy on label survived: \d+\.\d% \(\d+ of 891\)$/m);
    expect(r.stdout).toMatch(/^clusters \(activation regions holding data\): \d+; the largest holds/m);
    expect(r.stdout).toMatch(/^rank {2}rows {2}share {2}survived 0\/1 {2}predicted/m);
    expect(r.stdout).toMatch(/^cluster 1: \d+ rows .*\n {2}labels 0: \d+, 1: \d+; accuracy/m);
    expect(r.stdout).toMatch(/^ {2}logit\(1\) = .*·age .*·fare/m);
    expect(r.stdout).toMatch(/^ {2}region: \d+ facets, \d+ from neurons 0:\d/m);
    expect(r.stdout).toMatch(/^ {2}member: line \d+: pclass=\d, sex=(fe)?male, /m);
  });

  it('penguins: --json, --csv and --report (3 classes; rows with missing values skipped and counted)', () => {
    const dir = tempDir('explain-report');
    const r = cli('explain', ...penguins, '--label', 'species', '--json', '--top', '3', '--csv', join(dir, 'c.csv'), '--report', join(dir, 'report'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.rows).toMatchObject({ read: 344, used: 333, skipped: 11, missing: { sex: 11, body_mass_g: 2 } });
    expect(j.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(j.outputs).toEqual(['logit(Adelie)', 'logit(Chinstrap)', 'logit(Gentoo)']);
    expect(j.clusters).toHaveLength(3);
    const c = j.clusters[0];
    expect(Object.values(c.labels as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(c.size);
    expect(c.map.W.value).toHaveLength(3);
    expect(c.map.W.value[0][0]).toMatch(/^-?\d+(\/\d+)?$/);
    expect(c.importances[0][0]).toHaveProperty('coefficient.value');
    expect(c.polytope.facets[0]).toHaveProperty('source');
    expect(c.member.cells).toHaveProperty('island');
    const csv = readFileSync(join(dir, 'c.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('cluster,rows,share,pattern,map_group,accuracy,output,feature,rank,coefficient,coefficient_decimal,spread,weighted_importance');
    expect(csv).toHaveLength(1 + 3 * 3 * 9); // clusters × outputs × features
    const html = readFileSync(join(dir, 'report/report.html'), 'utf8');
    expect(html.match(/<svg /g)!.length).toBe(1 + 3 * 3); // sizes + one chart per cluster and output
    expect(html).not.toMatch(/<script|src="http/); // self-contained
    expect(html).toMatch(/Cluster 1: \d+ rows \(\d+\.\d%\), importances for logit\(Adelie\)/);
    expect(readFileSync(join(dir, 'report/report.md'), 'utf8')).toMatch(/!\[importances of cluster 1, logit\(Adelie\)\]\(cluster-1-output-0\.svg\)/);
    expect(existsSync(join(dir, 'report/cluster-3-output-2.svg'))).toBe(true);
    expect(existsSync(join(dir, 'report/report.html.partial'))).toBe(false);
  });

  it('--point: units, paths and groups, exact in --json', () => {
    const r = cli('explain', titanic[0], titanic[2], titanic[3], '--point', 'pclass=3,sex=male,age=22,sibsp=1,parch=0,fare=7.25,embarked=S', '--layer', '1', '--paths', '3', '--group', 'sex', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.layer.layer).toBe(1);
    expect(j.paths[0].top).toHaveLength(3);
    expect(j.paths[0].total.value).toBe(j.paths[0].linearPart.value);
    expect(j.groups[0].group).toEqual(['sex=female', 'sex=male']);
  });

  it('bad input: one line, exit 2 (the other messages are checked in process, test/explain.test.ts)', () => {
    const dir = tempDir('explain-bad');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, readFileSync(join(shared, 'datasets/titanic.csv'), 'utf8').replace('\n0,3,male,22.0,', '\n0,3,male,twenty,'));
    const cases: [string[], RegExp][] = [
      [[titanic[0], bad, '--encoder', titanic[3]], /^error: .*bad\.csv:2:4: "twenty" in column "age" is not a number$/],
      [[penguins[0], penguins[1], '--encoder', titanic[3]], /^error: examples\/titanic\/encoder\.json: encodes 10 network inputs .*, but the network has 9$/],
      [[titanic[0], titanic[1], '--encoder', titanic[3], '--layer', '1'], /^error: --layer: only with --point$/],
    ];
    for (const [args, message] of cases) {
      const r = cli('explain', ...args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr.trimEnd()).toMatch(message);
    }
  });
});
