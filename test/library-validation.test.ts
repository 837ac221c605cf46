/**
 * Library entries check what callers build by hand (network/validate.ts): a malformed Network or
 * bad options are an InputError with the JSON parser's message for the same mistake, never a
 * count of some other network, a TypeError, or a silently ignored limit.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkRecord } from '../src/certify/check-records.js';
import { domainToJson, parseDomainJson, type Domain } from '../src/domain/domain.js';
import { createEnumeration } from '../src/enumerate/enumerate.js';
import { enumerateRegions, runEnumeration, type RunOptions } from '../src/enumerate/run.js';
import { InputError, withPrefix } from '../src/errors.js';
import { rat, type Rational } from '../src/kernel/rational.js';
import { loadNetwork } from '../src/network/load.js';
import type { Network } from '../src/network/network.js';
import { parseNetworkValue } from '../src/network/parse-json.js';
import { parseNnet } from '../src/network/nnet.js';
import { parseOnnx } from '../src/network/onnx.js';
import { checkDomain, checkNetwork, checkQuery, checkRunOptions } from '../src/network/validate.js';
import { inputErrorOf } from './helpers/errors.js';
import { box } from './helpers/nets.js';

// the edits deliberately break the types
type Any = any;

/** The same network as JSON (numbers) and hand-built (Rational objects): 2 → 3 (relu) → 1 (linear). */
const json = (): Any => ({
  inputSize: 2,
  layers: [
    { weights: [[1, 2], [3, 4], [5, 6]], bias: [0, 0, 0], activation: 'relu' },
    { weights: [[1, 1, 1]], bias: [0], activation: 'linear' },
  ],
});
const handBuilt = (): Any => parseNetworkValue(json());
const R = (n: number): Rational => rat(BigInt(n));

/** The message runEnumeration rejects with (it must be an InputError). */
async function rejection(net: unknown, options: RunOptions = {}): Promise<string> {
  try {
    await runEnumeration(net as Network, options);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected runEnumeration to reject');
}

/** What the JSON parser says about the same mistake, with the prefix the library adds. */
const parserSays = (v: unknown) => inputErrorOf(() => withPrefix('network', () => parseNetworkValue(v)));

describe('hand-built networks get the JSON parser\'s checks and messages', () => {
  it.each<[string, (n: Any, r: (x: number) => unknown) => void]>([
    ['a width mismatch in layer 2', (n, r) => (n.layers[1].weights[0] = [r(1), r(1), r(1), r(1)])],
    ["activation 'Linear'", (n) => (n.layers[1].activation = 'Linear')],
    ['a short bias', (n, r) => (n.layers[0].bias = [r(0), r(0)])],
    ['inputSize 0', (n) => (n.inputSize = 0)],
    ['inputSize 1.5', (n) => (n.inputSize = 1.5)],
    ['inputSize as a string', (n) => (n.inputSize = '2')],
    ['no inputSize', (n) => delete n.inputSize],
    ['empty layers', (n) => (n.layers = [])],
    ['layers not an array', (n) => (n.layers = {})],
    ['weights not an array', (n) => (n.layers[0].weights = 5)],
    ['a weight row not an array', (n) => (n.layers[0].weights[1] = 7)],
    ['an empty layer', (n) => (n.layers[1].weights = [])],
    ['a layer not an object', (n) => (n.layers[1] = [1])],
    ['a misspelt layer key', (n) => (n.layers[0].activaton = 'linear')],
    ['no bias', (n) => delete n.layers[1].bias],
  ])('%s', async (_name, edit) => {
    const hand = handBuilt();
    edit(hand, R);
    const file = json();
    edit(file, (x) => x);
    const expected = parserSays(file);
    expect(await rejection(hand)).toBe(expected);
    expect(inputErrorOf(() => checkNetwork(hand))).toBe(expected);
    expect(inputErrorOf(() => createEnumeration(hand))).toBe(expected);
  });

  it.each<[string, (n: Any) => void, string]>([
    ['a zero denominator (NaN-like)', (n) => (n.layers[0].weights[1][0] = { n: 1n, d: 0n }), 'network: layers[0].weights[1][0]: zero denominator in {"n":1n,"d":0n}'],
    ['a negative denominator', (n) => (n.layers[0].bias[2] = { n: 1n, d: -2n }), 'network: layers[0].bias[2]: negative denominator in {"n":1n,"d":-2n} (build it with rat(n, d))'],
    ['a number n', (n) => (n.layers[1].weights[0][2] = { n: 1, d: 1n }), 'network: layers[1].weights[0][2]: expected an exact rational {n: bigint, d: bigint}, but n is 1, not a bigint'],
    ['a missing d', (n) => (n.layers[1].bias[0] = { n: 3n }), 'network: layers[1].bias[0]: expected an exact rational {n: bigint, d: bigint}, but d is missing'],
    ['a plain number weight', (n) => (n.layers[0].weights[0][1] = 0.5), 'network: layers[0].weights[0][1]: expected an exact rational {n: bigint, d: bigint}, got 0.5 (convert with fromDouble or parseRational)'],
    ['a hole in a sparse row', (n) => (n.layers[0].weights[2] = [R(1), ,]), 'network: layers[0].weights[2][1]: missing'],
    ['no activation (files default to relu; objects must say)', (n) => delete n.layers[0].activation, 'network: layers[0].activation: missing (expected "relu" or "linear")'],
    ['a bigint inputSize', (n) => (n.inputSize = 2n), 'network: inputSize: expected a positive integer, got 2n'],
  ])('%s (no JSON equivalent)', async (_name, edit, expected) => {
    const hand = handBuilt();
    edit(hand);
    expect(await rejection(hand)).toBe(expected);
  });

  it('a network that is not an object', async () => {
    expect(await rejection(null)).toBe('network: expected an object with "inputSize" and "layers", got null');
    expect(await rejection(undefined)).toBe('network: expected an object with "inputSize" and "layers", got nothing');
  });

  it('a valid hand-built net still gives its known count: the lines x = 0 and y = 0 cut [-1,1]^2 into 4', async () => {
    const cross: Network = { inputSize: 2, layers: [{ weights: [[R(1), R(0)], [R(0), R(1)]], bias: [R(0), R(0)], activation: 'relu' }] };
    expect((await runEnumeration(cross, {})).activationRegions).toBe(4);
    expect((await runEnumeration(cross, { maxRegions: 3 })).activationRegions).toBe(3);
    // rationals need not be in lowest terms (every use reduces or cross-multiplies)
    const unreduced: Network = { inputSize: 2, layers: [{ weights: [[{ n: 2n, d: 2n }, R(0)], [R(0), { n: 3n, d: 3n }]], bias: [R(0), { n: 0n, d: 5n }], activation: 'relu' }] };
    expect((await runEnumeration(unreduced, {})).activationRegions).toBe(4);
  });

  it('accepts what the parsers produce (JSON, .nnet, ONNX)', () => {
    const shared = (p: string) => new URL(`../../shared/${p}`, import.meta.url).pathname;
    const nets = [
      loadNetwork(shared('nets/random-d3-16x16x16.json')),
      parseNnet(readFileSync(shared('acasxu/ACASXU_experimental_v2a_1_1.nnet'), 'utf8')).network,
      parseOnnx(readFileSync(shared('acasxu/ACASXU_run2a_1_1_batch_2000.onnx'))),
      parseOnnx(readFileSync(shared('vnncomp-test/test_small.onnx'))),
    ];
    for (const net of nets) expect(() => checkNetwork(net)).not.toThrow();
  });

  it('is cheap: 10^5 weights in well under 10 ms', () => {
    const row = () => Array.from({ length: 100 }, (_, i) => rat(BigInt(i * 7 - 300), 1n << BigInt(i % 20)));
    const net: Network = { inputSize: 100, layers: [{ weights: Array.from({ length: 1000 }, row), bias: Array.from({ length: 1000 }, () => R(1)), activation: 'relu' }] };
    const times = Array.from({ length: 5 }, () => {
      const t = performance.now();
      checkNetwork(net);
      return performance.now() - t;
    });
    expect(Math.min(...times)).toBeLessThan(10); // best of 5: about 1-2 ms unloaded
  });

  it('checkRecord checks the network too', () => {
    const bad = handBuilt();
    bad.layers[1].activation = 'Linear';
    expect(inputErrorOf(() => checkRecord(bad, {} as Any))).toBe(parserSays({ ...json(), layers: [json().layers[0], { ...json().layers[1], activation: 'Linear' }] }));
  });
});

describe('enumeration options are checked', () => {
  const net = () => handBuilt() as Network;
  /** A hand-built domain and what parseDomainJson says about its JSON form. */
  const domainCase = (dom: Any): [Any, string] => {
    const text = dom.kind === 'Box' ? JSON.stringify({ ...domainToJson({ ...dom, kind: 'box' }) as object, kind: 'Box' }) : JSON.stringify(domainToJson(dom));
    return [dom, inputErrorOf(() => withPrefix('options.domain', () => parseDomainJson(text, 2, 'options.domain')))];
  };

  it.each<[string, Any, string]>([
    ['maxRegions 0', { maxRegions: 0 }, 'options.maxRegions: expected a positive integer, got 0'],
    ['maxRegions 1.5', { maxRegions: 1.5 }, 'options.maxRegions: expected a positive integer, got 1.5'],
    ['maxRegions NaN', { maxRegions: NaN }, 'options.maxRegions: expected a positive integer, got NaN'],
    ["engine 'fast'", { engine: 'fast' }, 'options.engine: expected "auto", "vertex" or "lp", got "fast"'],
    ['progressMs -1', { progressMs: -1 }, 'options.progressMs: expected a positive number of milliseconds, got -1'],
    ['shard 2 of 2 (0-based)', { shard: { index: 2, count: 2 } }, 'options.shard: expected {index, count} with 0 <= index < count, got {"index":2,"count":2}'],
    ['merge as a string', { merge: 'yes' }, 'options.merge: expected true or false, got "yes"'],
    ['shouldStop not a function', { shouldStop: true }, 'options.shouldStop: expected a function, got true'],
    ['a domain without kind', { domain: { lo: [R(0), R(0)], hi: [R(1), R(1)] } }, 'options.domain: kind: missing (expected "polyhedron", "box" or "whole")'],
    ['a domain of numbers', { domain: { kind: 'box', lo: [0, 0], hi: [1, 1] } }, 'options.domain: lo[0]: expected an exact rational {n: bigint, d: bigint}, got 0 (convert with fromDouble or parseRational)'],
  ])('%s', async (_name, options, expected) => {
    expect(await rejection(net(), options)).toBe(expected);
    expect(inputErrorOf(() => createEnumeration(net(), options))).toBe(expected);
  });

  it.each<[string, Any]>([
    ['a domain of the wrong dimension', box(-1, 1, 3)],
    ['a box with lo > hi', { kind: 'box', lo: [R(1), R(0)], hi: [R(0), R(1)] }],
    ['a box with lo = hi', { kind: 'box', lo: [R(0), R(0)], hi: [R(0), R(1)] }],
    ['a polyhedron row of the wrong width', { kind: 'polyhedron', A: [[R(1), R(0)], [R(1)]], b: [R(1), R(1)] }],
    ['a polyhedron with a short b', { kind: 'polyhedron', A: [[R(1), R(0)], [R(0), R(1)]], b: [R(1)] }],
    ['an empty polyhedron matrix', { kind: 'polyhedron', A: [], b: [] }],
    ["kind 'Box'", { kind: 'Box', lo: [R(0), R(0)], hi: [R(1), R(1)] }],
  ])('%s: the domain parser\'s message', async (_name, dom) => {
    const [domain, expected] = domainCase(dom);
    expect(await rejection(net(), { domain })).toBe(expected);
    expect(inputErrorOf(() => checkDomain(domain, 2, 'options.domain'))).toBe(expected);
  });

  it('enumerateRegions rejects on the first step, before any region', async () => {
    const it = enumerateRegions(net(), { maxRegions: 0 });
    await expect(it.next()).rejects.toThrow('options.maxRegions: expected a positive integer, got 0');
  });

  it('unknown keys and undefined values are allowed (option bags are passed through)', async () => {
    const options = { lp: 'dense', maxRegions: undefined, shard: undefined, certificate: undefined } as Any;
    expect((await runEnumeration(net(), options)).partial).toBe(false);
    expect(() => checkRunOptions(undefined, 2)).not.toThrow();
  });

  it('checkQuery: network, domain and options in one call', () => {
    const dom: Domain = { kind: 'whole' };
    expect(() => checkQuery(net(), dom, {})).not.toThrow();
    expect(inputErrorOf(() => checkQuery({ ...net(), inputSize: 3 }, undefined, {}, 'net2'))).toBe('net2: layers[0].weights[0]: 2 entries, expected 3');
    expect(inputErrorOf(() => checkQuery(net(), box(0, 1, 1), {}))).toBe('domain: lo: 1 entries, expected 2');
  });
});
