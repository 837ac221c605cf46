import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rat, toString, type Rational } from '../src/kernel/rational.js';
import {
  defaultDomain, describeDomain, domainConstraints, domainToJson, loadDomain, parseBoxSpec, parseDomainJson, type Domain,
} from '../src/domain/domain.js';
import { inputErrorOf } from './helpers/errors.js';

const strs = (v: Rational[]) => v.map(toString);

describe('box domains', () => {
  it('default is [-1,1]^d', () => {
    const d = defaultDomain(3);
    expect(describeDomain(d)).toBe('box [-1,1]^3');
    expect(domainToJson(d)).toEqual({ kind: 'box', lo: ['-1', '-1', '-1'], hi: ['1', '1', '1'] });
  });

  it('parses "LO,HI" for every input', () => {
    const d = parseBoxSpec('-0.5,3/2', 2);
    expect(domainToJson(d)).toEqual({ kind: 'box', lo: ['-1/2', '-1/2'], hi: ['3/2', '3/2'] });
    expect(describeDomain(d)).toBe('box [-1/2,3/2]^2');
  });

  it('parses one interval per input', () => {
    const d = parseBoxSpec('0:1, -2:1.5', 2);
    expect(domainToJson(d)).toEqual({ kind: 'box', lo: ['0', '-2'], hi: ['1', '3/2'] });
    expect(describeDomain(d)).toBe('box [0,1]x[-2,3/2]');
    expect(describeDomain(parseBoxSpec('0:1e-3', 1))).toBe('box [0,1/1000]');
  });

  it.each([
    ['3:1,0:1', 2, '--box: interval 1 "3:1": lower bound above upper bound'],
    ['0:1,3:1', 2, '--box: interval 2 "3:1": lower bound above upper bound'],
    ['0:1,1:1', 2, '--box: interval 2 "1:1": lower bound equals upper bound (the domain would be lower-dimensional)'],
    ['0:1,0:1,0:1', 2, '--box: 3 intervals, expected 2'],
    ['0:1', 2, '--box: 1 intervals, expected 2'],
    ['0:1,2', 2, '--box: interval 2 "2": expected LO:HI'],
    ['0:1:2,0:1', 2, '--box: interval 1 "0:1:2": expected LO:HI'],
    ['a:1,0:1', 2, '--box: interval 1 "a:1": bad lower bound "a"'],
    ['0:x,0:1', 2, '--box: interval 1 "0:x": bad upper bound "x"'],
    ['1,0', 2, '--box: "1,0": lower bound above upper bound'],
    ['1,1', 3, '--box: "1,1": lower bound equals upper bound (the domain would be lower-dimensional)'],
    ['NaN,1', 2, '--box: "NaN,1": bad lower bound "NaN"'],
    ['0,1,2', 3, '--box: "0,1,2": expected "LO,HI" or "LO1:HI1,...,LOd:HId"'],
    ['', 2, '--box: "": expected "LO,HI" or "LO1:HI1,...,LOd:HId"'],
  ])('rejects %j (d=%i)', (spec, d, message) => {
    expect(inputErrorOf(() => parseBoxSpec(spec, d))).toBe(message);
  });

  it('gives tagged constraints x_i <= hi_i and -x_i <= -lo_i', () => {
    const cs = domainConstraints(parseBoxSpec('0:1,-2:3/2', 2), 2);
    expect(cs.map((c) => [strs(c.a), toString(c.b), c.face])).toEqual([
      [['1', '0'], '1', { kind: 'upper', input: 0 }],
      [['-1', '0'], '0', { kind: 'lower', input: 0 }],
      [['0', '1'], '3/2', { kind: 'upper', input: 1 }],
      [['0', '-1'], '2', { kind: 'lower', input: 1 }],
    ]);
  });

  it('rejects a dimension mismatch', () => {
    expect(inputErrorOf(() => domainConstraints(defaultDomain(2), 3))).toBe('domain: dimension 2, expected 3');
  });
});

describe('polyhedron and whole domains', () => {
  const tri = '{"A": [[-1, 0], [0, -1], ["1", 1]], "b": [0, 0, "1/2"]}';

  it('parses A x <= b exactly', () => {
    const d = parseDomainJson(tri, 2);
    expect(describeDomain(d)).toBe('polyhedron (3 inequalities)');
    const cs = domainConstraints(d, 2);
    expect(cs.map((c) => [strs(c.a), toString(c.b), c.face])).toEqual([
      [['-1', '0'], '0', { kind: 'row', index: 0 }],
      [['0', '-1'], '0', { kind: 'row', index: 1 }],
      [['1', '1'], '1/2', { kind: 'row', index: 2 }],
    ]);
    const one = parseDomainJson('{"A": [[0.1]], "b": ["0.1"]}', 1);
    expect(describeDomain(one)).toBe('polyhedron (1 inequality)');
    expect(domainToJson(one)).toEqual({ kind: 'polyhedron', A: [['3602879701896397/36028797018963968']], b: ['1/10'] });
  });

  it('constraints do not alias the domain', () => {
    const d = parseDomainJson(tri, 2);
    domainConstraints(d, 2)[0].a[0] = rat(5n);
    expect(d.kind === 'polyhedron' && toString(d.A[0][0])).toBe('-1');
  });

  it('round-trips domainToJson', () => {
    const ds: Domain[] = [parseDomainJson(tri, 2), parseBoxSpec('0:1,-2:3/2', 2), { kind: 'whole' }];
    for (const d of ds) expect(parseDomainJson(JSON.stringify(domainToJson(d)), 2)).toEqual(d);
  });

  it('describes the whole space', () => {
    expect(domainConstraints({ kind: 'whole' }, 3)).toEqual([]);
    expect(describeDomain({ kind: 'whole' }, 3)).toBe('whole space R^3');
    expect(describeDomain({ kind: 'whole' })).toBe('whole space');
  });

  it.each([
    ['{"A": [[1, 0], [1, 2, 3]], "b": [0, 0]}', 'A[1]: 3 entries, expected 2'],
    ['{"A": [], "b": []}', 'A: empty'],
    ['{"b": [1]}', 'A: missing'],
    ['{"A": 1, "b": [1]}', 'A: expected an array of rows'],
    ['{"A": [[1, 0]]}', 'b: missing'],
    ['{"A": [[1, 0]], "b": [1, 2]}', 'b: 2 entries, expected 1'],
    ['{"A": [[1, "x"]], "b": [1]}', 'A[0][1]: not a number or exact rational string: "x"'],
    ['{"A": [[1, 0]], "b": ["Infinity"]}', 'b[0]: not a finite number: "Infinity"'],
    ['{"A": [[1, 0]], "b": [1e999]}', 'b[0]: not a finite number: Infinity (the literal overflows binary64; write it as a string to keep it exact)'],
    ['{"kind": "box", "lo": [0, 1], "hi": [1, 1]}', 'lo[1], hi[1]: lower bound equals upper bound (the domain would be lower-dimensional)'],
    ['{"kind": "ball"}', 'kind: unknown domain kind "ball" (expected "polyhedron", "box" or "whole")'],
    ['[]', 'domain: expected a JSON object {"A": [[...]], "b": [...]}'],
  ])('rejects %s', (text, message) => {
    expect(inputErrorOf(() => parseDomainJson(text, 2))).toBe(message);
  });

  it('reports invalid JSON with the source', () => {
    expect(inputErrorOf(() => parseDomainJson('{"A":', 2))).toMatch(/^domain: invalid JSON: /);
  });
});

describe('loadDomain', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relu-regions-domain-'));
  it('loads a file and prefixes errors with the path', () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, '{"A": [[1, 1]], "b": [1]}');
    expect(describeDomain(loadDomain(good, 2))).toBe('polyhedron (1 inequality)');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"A": [[1, 1, 1]], "b": [1]}');
    expect(inputErrorOf(() => loadDomain(bad, 2))).toBe(`${bad}: A[0]: 3 entries, expected 2`);
    writeFileSync(bad, 'nope');
    expect(inputErrorOf(() => loadDomain(bad, 2))).toMatch(/: invalid JSON: /);
    expect(inputErrorOf(() => loadDomain(bad, 2)).startsWith(`${bad}: invalid JSON: `)).toBe(true);
    const missing = join(dir, 'missing.json');
    expect(inputErrorOf(() => loadDomain(missing, 2))).toMatch(/: cannot read: .*ENOENT/);
  });
});
