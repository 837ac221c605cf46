import { describe, it, expect } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parseRational, rat, toString, type Rational } from '../src/kernel/rational.js';
import { atomHolds, atomToString, loadVnnlib, parseVnnlib, type Atom, type Property } from '../src/verify/vnnlib.js';
import { inputErrorOf } from './helpers/errors.js';

const shared = (p: string) => fileURLToPath(new URL(`../../shared/${p}`, import.meta.url));

const r = (s: string): Rational => {
  const v = parseRational(s);
  if (v === null) throw new Error(`bad test number ${s}`);
  return v;
};

/** Readable summary: box as strings, unsafe as "lhs <= rhs" strings. */
function summary(p: Property) {
  return {
    inputs: p.inputs,
    outputs: p.outputs,
    lo: p.inputBox.lo.map(toString),
    hi: p.inputBox.hi.map(toString),
    unsafe: p.unsafe.map((d) => d.map(atomToString)),
  };
}
const ts = (s: string) => toString(r(s));

const decl = (nx: number, ny: number) =>
  [...Array(nx).keys()].map((i) => `(declare-const X_${i} Real)`).concat([...Array(ny).keys()].map((i) => `(declare-const Y_${i} Real)`)).join('\n');
/** Declarations plus the box [0,1] on X_0 (and [-1,1] on X_1 if nx = 2). */
const base = (nx = 1, ny = 2) =>
  `${decl(nx, ny)}\n(assert (<= X_0 1))\n(assert (>= X_0 0))\n${nx > 1 ? '(assert (<= X_1 1))\n(assert (>= X_1 -1))\n' : ''}`;

describe('parseVnnlib on the shared files', () => {
  const files = [
    ...readdirSync(shared('vnncomp-test'))
      .filter((f) => f.endsWith('.vnnlib'))
      .map((f) => shared(`vnncomp-test/${f}`)),
    ...readdirSync(shared('acasxu'))
      .filter((f) => /^prop_.*\.vnnlib$/.test(f))
      .map((f) => shared(`acasxu/${f}`)),
  ];

  it('finds the files', () => {
    expect(files.length).toBe(11); // ACAS Xu properties 1-6 and 10, and the four test-category files
  });

  it.each(files)('parses %s', (path) => {
    const p = loadVnnlib(path);
    expect(p.inputBox.lo).toHaveLength(p.inputs);
    expect(p.inputBox.hi).toHaveLength(p.inputs);
    expect(p.unsafe.length).toBeGreaterThan(0);
    for (const d of p.unsafe) for (const a of d) expect(a.kind).toBe('le');
  });

  it('ACAS Xu property 1: box and a single output atom', () => {
    expect(summary(loadVnnlib(shared('acasxu/prop_1.vnnlib')))).toEqual({
      inputs: 5,
      outputs: 5,
      lo: ['0.6', '-0.5', '-0.5', '0.45', '-0.5'].map(ts),
      hi: ['0.679857769', '0.5', '0.5', '0.5', '-0.45'].map(ts),
      unsafe: [[`${ts('3.991125645861615')} <= Y_0`]],
    });
  });

  it('ACAS Xu property 2: four conjoined output comparisons', () => {
    const p = loadVnnlib(shared('acasxu/prop_2.vnnlib'));
    expect(summary(p).unsafe).toEqual([['Y_1 <= Y_0', 'Y_2 <= Y_0', 'Y_3 <= Y_0', 'Y_4 <= Y_0']]);
  });

  it('ACAS Xu property 4 fixes X_2 = 0 (a degenerate box side)', () => {
    const p = loadVnnlib(shared('acasxu/prop_4.vnnlib'));
    expect(toString(p.inputBox.lo[2])).toBe('0');
    expect(toString(p.inputBox.hi[2])).toBe('0');
    expect(summary(p).unsafe).toEqual([['Y_0 <= Y_1', 'Y_0 <= Y_2', 'Y_0 <= Y_3', 'Y_0 <= Y_4']]);
  });

  it('test_small: the box inside a one-disjunct (or (and ...)) is the input box', () => {
    expect(summary(loadVnnlib(shared('vnncomp-test/test_small.vnnlib')))).toEqual({
      inputs: 1,
      outputs: 1,
      lo: ['-1'],
      hi: ['1'],
      unsafe: [['100 <= Y_0']],
    });
  });

  it('test_prop: exact long decimals', () => {
    const p = loadVnnlib(shared('vnncomp-test/test_prop.vnnlib'));
    expect(p.inputBox.hi[2]).toEqual(rat(49999999998567607n, 10n ** 17n));
    expect(p.inputBox.lo[0]).toEqual(rat(-30353115613746867n, 10n ** 17n));
  });
});

describe('parseVnnlib syntax', () => {
  it('output atoms against constants and other outputs, >= stored swapped', () => {
    const p = parseVnnlib(`${base()}(assert (>= Y_0 3.5))\n(assert (<= Y_1 Y_0))\n(assert (<= -2 Y_1))`);
    expect(summary(p)).toEqual({ inputs: 1, outputs: 2, lo: ['0'], hi: ['1'], unsafe: [['7/2 <= Y_0', 'Y_1 <= Y_0', '-2 <= Y_1']] });
    const atom: Atom = p.unsafe[0][0];
    expect(atom).toEqual({ kind: 'le', lhs: { const: rat(7n, 2n) }, rhs: { var: 'Y', index: 0 } });
  });

  it('box bounds in both orders, the tightest of repeated bounds', () => {
    const text = `${decl(2, 1)}
      (assert (<= X_0 1)) (assert (<= X_0 0.75)) (assert (<= -1 X_0)) (assert (>= X_0 -2))
      (assert (<= 2 X_1)) (assert (>= 3 X_1))
      (assert (<= Y_0 0))`;
    expect(summary(parseVnnlib(text))).toMatchObject({ lo: ['-1', '2'], hi: ['3/4', '3'], unsafe: [['Y_0 <= 0']] });
  });

  it('strict comparisons are read as non-strict', () => {
    const p = parseVnnlib(`${decl(1, 1)}(assert (< X_0 1))(assert (> X_0 0))(assert (> Y_0 2))`);
    expect(summary(p)).toMatchObject({ lo: ['0'], hi: ['1'], unsafe: [['2 <= Y_0']] });
  });

  it('comments, statements across lines, scientific notation and negative numbers', () => {
    const text = `; leading comment
(declare-const X_0 Real) ; trailing comment
(declare-const Y_0 Real)
(assert
  (<=
    X_0   ; the input
    2.5e-1))
(assert (>= X_0 (- 0.5)))
(assert (>= Y_0 -1.5E+2))
(assert (<= Y_0 +.5))
(check-sat)`;
    expect(summary(parseVnnlib(text))).toEqual({ inputs: 1, outputs: 1, lo: ['-1/2'], hi: ['1/4'], unsafe: [['-150 <= Y_0', 'Y_0 <= 1/2']] });
  });

  it('exact decimals: no rounding through doubles', () => {
    const p = parseVnnlib(`${decl(1, 1)}(assert (<= X_0 0.1000000000000000000001))(assert (>= X_0 0))(assert (<= Y_0 1e-30))`);
    expect(p.inputBox.hi[0]).toEqual(rat(10n ** 21n + 1n, 10n ** 22n));
    expect(p.unsafe[0][0].rhs).toEqual({ const: rat(1n, 10n ** 30n) });
  });

  it('or of ands: input atoms in a disjunct stay in that disjunct', () => {
    const text = `${base(2, 2)}
(assert (or
  (and (<= X_0 0.5) (>= Y_0 1))
  (and (>= Y_1 Y_0))
))`;
    expect(summary(parseVnnlib(text))).toEqual({
      inputs: 2,
      outputs: 2,
      lo: ['0', '-1'],
      hi: ['1', '1'],
      unsafe: [['X_0 <= 1/2', '1 <= Y_0'], ['Y_0 <= Y_1']],
    });
  });

  it('several top-level asserts are conjoined into the DNF', () => {
    const text = `${base(1, 2)}
(assert (or (<= Y_0 0) (>= Y_0 1)))
(assert (or (<= Y_1 0) (and (>= Y_1 1) (<= Y_1 2))))
(assert (<= Y_0 Y_1))`;
    expect(summary(parseVnnlib(text)).unsafe).toEqual([
      ['Y_0 <= Y_1', 'Y_0 <= 0', 'Y_1 <= 0'],
      ['Y_0 <= Y_1', 'Y_0 <= 0', '1 <= Y_1', 'Y_1 <= 2'],
      ['Y_0 <= Y_1', '1 <= Y_0', 'Y_1 <= 0'],
      ['Y_0 <= Y_1', '1 <= Y_0', '1 <= Y_1', 'Y_1 <= 2'],
    ]);
  });

  it('an and around the box and an or: atoms common to every disjunct form the box', () => {
    const text = `${decl(1, 1)}(assert (and (<= X_0 1) (>= X_0 0) (or (<= Y_0 1) (>= Y_0 2))))`;
    expect(summary(parseVnnlib(text))).toMatchObject({ lo: ['0'], hi: ['1'], unsafe: [['Y_0 <= 1'], ['2 <= Y_0']] });
  });

  it('disjuncts with their own input boxes: the input box is their hull, the disjuncts keep their bounds', () => {
    const text = `${decl(1, 1)}
(assert (or
  (and (>= X_0 0) (<= X_0 1) (<= Y_0 0))
  (and (>= X_0 2) (<= X_0 3) (>= Y_0 5))))`;
    const p = parseVnnlib(text);
    expect(summary(p)).toMatchObject({
      lo: ['0'],
      hi: ['3'],
      unsafe: [
        ['0 <= X_0', 'X_0 <= 1', 'Y_0 <= 0'],
        ['2 <= X_0', 'X_0 <= 3', '5 <= Y_0'],
      ],
    });
    // the exact unsafe-set test
    const holds = (x: string, y: string) => p.unsafe.some((d) => d.every((a) => atomHolds(a, [r(x)], [r(y)])));
    expect(holds('0.5', '-1')).toBe(true);
    expect(holds('1.5', '-1')).toBe(false);
    expect(holds('2.5', '5')).toBe(true);
  });

  it('chained comparisons, constant comparisons, true/false and ignored commands', () => {
    const text = `(set-logic QF_LRA)
(set-info :source |a "quoted" source|)
${decl(1, 1)}
(assert (<= 0 X_0 1))
(assert (<= 1 2))
(assert (or (<= 2 1) (>= Y_0 7)))
(assert true)
(check-sat)
(get-model)
(exit)`;
    expect(summary(parseVnnlib(text))).toMatchObject({ lo: ['0'], hi: ['1'], unsafe: [['7 <= Y_0']] });
    expect(parseVnnlib(`${base(1, 1)}(assert (or (<= 2 1) false))`).unsafe).toEqual([]);
    expect(parseVnnlib(base(1, 1)).unsafe).toEqual([[]]);
  });
});

describe('parseVnnlib errors (line:column)', () => {
  const err = (text: string) => inputErrorOf(() => parseVnnlib(text, 'prop.vnnlib'));

  it('end of file inside a list', () => {
    expect(err('(declare-const X_0 Real)\n(declare-const Y_0 Real)\n(assert (<= X_0 1)')).toBe(
      "prop.vnnlib:3:19: expected ')' but found end of file (to close '(' at 3:1)",
    );
    expect(err('(declare-const X_0 Real)\n(assert (<= X_0 1) ; no close\n')).toBe(
      "prop.vnnlib:3:1: expected ')' but found end of file (to close '(' at 2:1)",
    );
  });

  it('stray tokens', () => {
    expect(err('(declare-const X_0 Real))')).toBe("prop.vnnlib:1:25: unexpected ')'");
    expect(err('(declare-const X_0 Real)\nassert')).toBe("prop.vnnlib:2:1: expected '(' but found 'assert'");
    expect(err('()')).toBe('prop.vnnlib:1:1: expected a command such as declare-const or assert');
    expect(err('(frobnicate X_0)')).toBe("prop.vnnlib:1:2: unsupported command 'frobnicate'");
  });

  it('declarations', () => {
    expect(err('(declare-const Z_0 Real)')).toBe("prop.vnnlib:1:16: unknown variable 'Z_0' (expected X_i for inputs or Y_i for outputs)");
    expect(err('(declare-const X_01 Real)')).toBe("prop.vnnlib:1:16: unknown variable 'X_01' (expected X_i for inputs or Y_i for outputs)");
    expect(err('(declare-const X_0 Int)')).toBe("prop.vnnlib:1:20: unsupported sort 'Int' for X_0 (expected Real)");
    expect(err('(declare-const X_0)')).toBe('prop.vnnlib:1:2: declare-const needs a name and a sort, found 1 arguments');
    expect(err('(declare-const X_0 Real)\n  (declare-const X_0 Real)')).toBe('prop.vnnlib:2:18: X_0 already declared at 1:16');
    expect(err('(declare-const X_0 Real)\n(declare-const X_2 Real)')).toBe(
      'prop.vnnlib:2:16: X_2 declared but X_1 is not (variables must be X_0 … X_{n-1})',
    );
    expect(err('(declare-const Y_0 Real)')).toBe('prop.vnnlib: no input variables (declare-const X_0 Real) declared');
  });

  it('variables in formulas', () => {
    expect(err(`${base()}(assert (<= X_7 1))`)).toBe("prop.vnnlib:6:13: undeclared variable 'X_7'");
    expect(err(`${base()}(assert (<= Y_0 foo))`)).toBe("prop.vnnlib:6:17: unknown variable 'foo' (expected X_i, Y_i or a number)");
    // use before declaration
    expect(err('(declare-const X_0 Real)\n(assert (<= Y_0 1))\n(declare-const Y_0 Real)')).toBe(
      "prop.vnnlib:2:13: undeclared variable 'Y_0'",
    );
  });

  it('unsupported operators and terms', () => {
    expect(err(`${base()}(assert (<= (+ Y_0 Y_1) 1))`)).toBe("prop.vnnlib:6:14: unsupported operator '+' in a term");
    expect(err(`${base()}(assert (not (<= Y_0 1)))`)).toBe("prop.vnnlib:6:10: unsupported operator 'not'");
    expect(err(`${base()}(assert (= Y_0 1))`)).toBe("prop.vnnlib:6:10: unsupported operator '='");
    expect(err(`${base()}(assert (<= (- Y_0) 1))`)).toBe("prop.vnnlib:6:16: unsupported term '(- Y_0)': '-' applies only to a constant");
    expect(err(`${base()}(assert (<= (- Y_0 1) 1))`)).toBe("prop.vnnlib:6:14: unsupported operator '-' with 2 arguments in a term");
    expect(err(`${base()}(assert (<= Y_0))`)).toBe("prop.vnnlib:6:10: '<=' needs at least 2 arguments, found 1");
    expect(err(`${base()}(assert Y_0)`)).toBe("prop.vnnlib:6:9: expected a formula but found 'Y_0'");
    expect(err(`${base()}(assert (<= Y_0 1) (<= Y_0 2))`)).toBe('prop.vnnlib:6:2: assert takes one formula, found 2');
  });

  it('the input box must be bounded and non-empty', () => {
    const d = decl(2, 1);
    expect(err(`${d}\n(assert (<= X_0 1))(assert (>= X_0 0))(assert (>= X_1 0))`)).toBe(
      'prop.vnnlib:2:16: X_1 has no upper bound (the input set must be a bounded box)',
    );
    expect(err(`${d}\n(assert (<= X_1 1))(assert (>= X_1 0))(assert (<= X_0 1))`)).toBe(
      'prop.vnnlib:1:16: X_0 has no lower bound (the input set must be a bounded box)',
    );
    expect(err(`${d}\n(assert (<= X_1 1))(assert (>= X_1 0))`)).toBe(
      'prop.vnnlib:1:16: X_0 has no lower or upper bound (the input set must be a bounded box)',
    );
    // a bound in only one disjunct does not bound the box
    expect(err(`${d}\n(assert (<= X_1 1))(assert (>= X_1 0))(assert (<= X_0 1))(assert (or (>= X_0 0) (<= Y_0 1)))`)).toBe(
      'prop.vnnlib:1:16: X_0 has no lower bound (the input set must be a bounded box)',
    );
    // X_0 <= X_1 is not a box bound
    expect(err(`${d}\n(assert (<= X_1 1))(assert (>= X_1 0))(assert (<= X_0 X_1))(assert (>= X_0 0))`)).toBe(
      'prop.vnnlib:1:16: X_0 has no upper bound (the input set must be a bounded box)',
    );
    expect(err(`${decl(1, 1)}\n(assert (<= X_0 0))(assert (>= X_0 0.5))`)).toBe(
      'prop.vnnlib:1:16: X_0: lower bound 1/2 above upper bound 0 (empty input box)',
    );
  });
});

describe('loadVnnlib', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vnnlib-test-'));
  const text = readFileSync(shared('acasxu/prop_3.vnnlib'), 'utf8');
  const expected = summary(parseVnnlib(text));

  it('reads gzipped files by name and by magic bytes', () => {
    const gz = join(dir, 'prop_3.vnnlib.gz');
    writeFileSync(gz, gzipSync(Buffer.from(text)));
    expect(summary(loadVnnlib(gz))).toEqual(expected);
    const disguised = join(dir, 'prop_3.vnnlib');
    writeFileSync(disguised, gzipSync(Buffer.from(text)));
    expect(summary(loadVnnlib(disguised))).toEqual(expected);
  });

  it('names the path in errors', () => {
    const bad = join(dir, 'bad.vnnlib');
    writeFileSync(bad, '(declare-const X_0 Real)\n(assert (+ X_0 1))');
    expect(inputErrorOf(() => loadVnnlib(bad))).toBe(`${bad}:2:10: unsupported operator '+'`);
    const notGz = join(dir, 'plain.vnnlib.gz');
    writeFileSync(notGz, text);
    expect(inputErrorOf(() => loadVnnlib(notGz))).toMatch(/plain\.vnnlib\.gz: cannot decompress: /);
    expect(inputErrorOf(() => loadVnnlib(join(dir, 'missing.vnnlib')))).toMatch(/missing\.vnnlib: cannot read: /);
  });
});
