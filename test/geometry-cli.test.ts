/** enumerate --vertices --volume, graph and boundaries on the command line: outputs, exit codes, safe files. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers/cli.js';

const tmp = tempDir('geometry');
// relu(x), relu(y), relu(x + y): three lines through the origin, 6 regions in [-1,1]^2
const three = join(tmp, 'three.json');
writeFileSync(three, JSON.stringify({ inputSize: 2, layers: [{ weights: [[1, 0], [0, 1], [1, 1]], bias: [0, 0, 0] }] }));
const lines = (s: string) => s.trim().split('\n').map((l) => JSON.parse(l));

describe('enumerate --vertices --volume', () => {
  it('gives exact counter-clockwise vertices, volumes and their total; the same with --workers 2 (from the records)', () => {
    const r = cli('enumerate', three, '--vertices', '--volume', '--json');
    expect(r.status).toBe(0);
    const recs = lines(r.stdout);
    const q = recs.find((x) => x.pattern === '111');
    expect(q.vertices).toEqual([['1', '1'], ['0', '1'], ['0', '0'], ['1', '0']]);
    expect(q.volume).toBe('1');
    expect(recs.map((x) => x.volume).sort()).toEqual(['1', '1', '1/2', '1/2', '1/2', '1/2']);
    const s = JSON.parse(r.stderr);
    expect(s.volume).toEqual({ value: '4', approx: 4 });
    expect(s.domainVolume).toEqual({ value: '4', approx: 4 });
    const key = (out: string) => lines(out).map((x) => `${x.pattern} ${JSON.stringify(x.vertices)} ${x.volume}`).sort();
    const w = cli('enumerate', three, '--vertices', '--volume', '--workers', '2');
    expect(key(w.stdout)).toEqual(key(r.stdout));
    expect(w.stderr).toContain("volume: 4 (sum of the regions' exact volumes; the domain's: 4)");
  });

  it('unbounded regions: --vertices adds rays; --volume is refused in one line naming the region, nothing written', () => {
    const v = lines(cli('enumerate', three, '--vertices', '--whole-space').stdout);
    expect(v.every((x) => x.bounded === false && x.rays.length === 2 && x.vertices.length === 1)).toBe(true);
    const out = join(tmp, 'unbounded.jsonl');
    const r = cli('enumerate', three, '--volume', '--whole-space', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: --volume: region 0 \(pattern [01]{3}\) is unbounded \(it contains the ray from its witness in direction \(-?\d+, -?\d+\)\): its volume is infinite; give a bounded domain\n$/);
    expect(r.stdout).toBe('');
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
  });
});

describe('graph and boundaries', () => {
  it('graph (JSON)', () => {
    const j = cli('graph', three);
    expect(j.status).toBe(0);
    const g = JSON.parse(j.stdout);
    expect(g.counts).toEqual({ regions: 6, edges: 6, boundaryFacets: 8, linearRegions: 6, linearEdges: 6 });
    expect(g.edges[0]).toEqual({ source: 0, target: 1, neurons: [[0, 1]], point: ['1/2', '0'], hyperplane: { a: ['0', '-1'], b: '0' } });
    expect(j.stderr).toContain('shared facets (graph edges): 6');
  });

  it('a stopped graph run keeps FILE.partial, marked partial (exit 3)', () => {
    const out = join(tmp, 'g.json');
    const r = cli('graph', three, '--max-regions', '3', '--out', out, '--json');
    expect(r.status).toBe(3);
    expect(existsSync(out)).toBe(false);
    const g = JSON.parse(readFileSync(`${out}.partial`, 'utf8'));
    expect(g.partial).toBe(true);
    expect(g.nodes).toHaveLength(3);
    expect(JSON.parse(r.stderr.split('\n')[0]).partial).toBe(true);
  });

  it('boundaries: pieces grouped by layer and neuron', () => {
    const r = cli('boundaries', three, '--box', '-1,1');
    expect(r.status).toBe(0);
    const b = JSON.parse(r.stdout);
    expect(b.pieces).toBe(6);
    expect(b.layers[0].neurons.map((u: { neuron: number[] }) => u.neuron)).toEqual([[0, 0], [0, 1], [0, 2]]);
    const p = b.layers[0].neurons[0].pieces[0];
    expect(p.vertices.map((v: string[]) => v.join(',')).sort()).toEqual(['0,0', '0,1']);
  });

});
