import { describe, expect, it } from 'vitest';
import { runEnumeration } from '../src/enumerate/run.js';
import { parseShard } from '../src/enumerate/shard.js';
import { loadNetwork } from '../src/network/load.js';
import { braid, whole } from './helpers/nets.js';

const shared = (name: string) => loadNetwork(new URL(`../../shared/nets/${name}`, import.meta.url).pathname);

async function patterns(net: Parameters<typeof runEnumeration>[0], options: Parameters<typeof runEnumeration>[1]) {
  const out: string[] = [];
  await runEnumeration(net, options, (r) => void out.push(r.pattern));
  return out;
}

describe('--shard i/N: deterministic disjoint parts that cover everything', () => {
  it.each([
    ['random-d2-16x16.json', 'vertex', 3],
    ['random-d4-8x8x8.json', 'vertex', 4],
    ['random-d2-16x16.json', 'lp', 5],
  ] as const)('%s (%s engine) in %i parts', async (file, engine, count) => {
    const net = shared(file);
    const all = await patterns(net, { engine });
    const parts = [];
    for (let index = 0; index < count; index++) parts.push(await patterns(net, { engine, shard: { index, count } }));
    const joined = parts.flat();
    expect(joined.length).toBe(all.length);
    expect(new Set(joined)).toEqual(new Set(all));
    expect(parts.every((p) => p.length > 0)).toBe(true); // the work is actually spread
    // deterministic: the same part twice gives the same regions in the same order
    expect(await patterns(net, { engine, shard: { index: 1, count } })).toEqual(parts[1]);
  });

  it('works on unbounded domains too', async () => {
    const parts = [];
    for (let index = 0; index < 2; index++) parts.push(await patterns(braid(4), { domain: whole, shard: { index, count: 2 } }));
    expect(parts.flat().length).toBe(24);
    expect(new Set(parts.flat()).size).toBe(24);
  });

  it('parses i/N and rejects nonsense', () => {
    expect(parseShard('2/5')).toEqual({ index: 1, count: 5 });
    for (const bad of ['0/3', '4/3', 'a/b', '1', '1/0']) expect(() => parseShard(bad)).toThrow(/--shard/);
  });
});
