/**
 * `relu-regions plot` on the command line: SVG and PNG files written safely, pins and 1-D
 * graphs, data points, bad input in one line with exit 2 and nothing written; and the SVG as a
 * real browser renders it (headless chromium, where one is installed).
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plotSvg } from '../src/index.js';
import { parseNetworkJson } from '../src/network/parse-json.js';
import { pngSize, PNG_SIGNATURE } from '../src/plot/png.js';
import { root, shared, tempDir } from './helpers/cli.js';
import { checkXml } from './helpers/xml.js';

const tmp = tempDir('plot');
const net16 = join(shared, 'nets', 'random-d2-16x16.json');
const net3 = join(shared, 'nets', 'random-d3-16x16x16.json');

/** The CLI from source, asynchronously (several at once: each is mostly Node's start-up). */
const run = (...a: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) =>
    execFile(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...a], { cwd: root, encoding: 'utf8' }, (e, stdout, stderr) =>
      resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );

describe('plot on the command line', () => {
  it('writes SVG and PNG safely (no .partial left), with pins, a 1-D graph, levels and data points', async () => {
    const data = join(tmp, 'data.csv');
    writeFileSync(data, 'x0,x1,kind\n0.5,0.5,a\n-0.5,0.25,b\n3,3,a\nNA,0,b\n');
    const svg = join(tmp, 'p.svg');
    const png = join(tmp, 'one.png');
    const [a, b] = await Promise.all([
      run('plot', net16, '--out', svg, '--color', 'argmax', '--level', '8=1/4', '--decision', '8,11', '--points', data, '--label', 'kind', '--json'),
      run('plot', net16, '--pin', '1=0.3', '--out', png, '--width', '600', '--height', '400', '--scale', '2'),
    ]);
    expect(a.code).toBe(0);
    const s = JSON.parse(a.stderr);
    expect(s).toMatchObject({ activationRegions: 127, linearRegions: 127, classesShown: [8, 10, 11], points: 3, pointsOutside: 1, rowsSkipped: 1, partial: false });
    expect(s.levels[0].segments).toBeGreaterThan(0);
    const text = readFileSync(svg, 'utf8');
    checkXml(text);
    expect(text).toContain('class="data-points"');
    expect(text).toContain('kind = a');
    expect(b.code).toBe(0);
    expect(b.stderr).toMatch(/activation regions: 14\n/);
    expect(b.stderr).toContain('picture written to');
    const bytes = readFileSync(png);
    expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(bytes)).toEqual({ width: 1200, height: 800 });
    expect(readdirSync(tmp).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('bad input: one line, exit 2, nothing written (the other messages: plot.test.ts)', async () => {
    const dir = join(tmp, 'a-folder.svg');
    mkdirSync(dir);
    const full = join(tmp, 'full.png');
    if (existsSync('/dev/full')) symlinkSync('/dev/full', full);
    const out = join(tmp, 'never.svg');
    const cases: [string[], RegExp][] = [
      [[net3, '--out', out], /^error: plot: the domain has 3 inputs; choose two with --pin .* or --slice .*\n$/],
      [[net16, '--whole-space', '--out', out], /^error: plot: the domain is unbounded \(whole space R\^2\)/],
      [[net16, '--out', dir], /^error: --out .*a-folder\.svg: is a directory\n$/],
      [[net16, '--out', out, '--color', 'rainbow'], /^error: --color: unknown value "rainbow" \(expected linear, region, argmax, argmin or output:K/],
      ...(existsSync('/dev/full') ? [[[net16, '--out', full], /^error: .*full\.png: cannot write: ENOSPC/] as [string[], RegExp]] : []),
    ];
    const results = await Promise.all(cases.map(([a]) => run('plot', ...a)));
    results.forEach((r, i) => {
      expect(r.stderr, cases[i][0].join(' ')).toMatch(cases[i][1]);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
    });
    expect(existsSync(out) || existsSync(`${out}.partial`) || existsSync(`${full}.partial`)).toBe(false);
  });
});

const hasChromium = spawnSync('chromium', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasChromium) console.log('plot-cli.test.ts: no `chromium` binary: the headless-browser rendering test is skipped (apt-get install chromium to run it)');

describe('plot in a real browser', () => {
  it.skipIf(!hasChromium)('headless chromium parses the SVG (every region element in its DOM) and renders it at its size', async () => {
    const svgText = await plotSvg(parseNetworkJson(readFileSync(net16, 'utf8')), { boundaries: true, levels: ['0=1/20'], width: 700, height: 500 });
    const file = join(tmp, 'browser.svg');
    writeFileSync(file, svgText);
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars'];
    const chrome = (...a: string[]) =>
      new Promise<string>((resolve) => execFile('chromium', [...flags, ...a], { encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 26 }, (_e, stdout) => resolve(stdout)));
    const shot = join(tmp, 'browser.png');
    const [dom] = await Promise.all([chrome('--dump-dom', `file://${file}`), chrome(`--screenshot=${shot}`, '--window-size=700,500', `file://${file}`)]);
    expect(dom).not.toContain('parsererror');
    expect((dom.match(/class="region"/g) ?? []).length).toBe(127);
    const png = readFileSync(shot);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: 700, height: 500 });
    expect(png.length).toBeGreaterThan(20_000); // a blank page compresses to a few kB
  });
});
