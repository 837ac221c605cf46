/**
 * The oracle (issue 10, differential testing): the protocol validator, the in-process
 * properties (src/testing/oracle.ts) with small engines written here, `relu-regions oracle`
 * with an engine process (test/fixtures/interval-engine.mjs), and `relu-regions corpus`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { checkCertificate, countRegions, lipschitzConstant, outputRange, verify } from '../src/index.js';
import { runDifferential } from '../src/oracle/differential.js';
import { EXACT_STRING_RE, validateAnswer } from '../src/oracle/protocol.js';
import { writeReproducer } from '../src/oracle/reproducer.js';
import { oracle, type OracleCase, type OracleRequest } from '../src/testing/index.js';
import { cli, root, runAndSignal, tempDir } from './helpers/cli.js';

type Req<Q extends OracleRequest['query']> = Extract<OracleRequest, { query: Q }>;

/** Exact interval arithmetic (fraction.js): a sound, loose range engine; `dropBias` is the bug. */
function intervalEngine(options: { dropBias?: boolean } = {}) {
  const max0 = (f: Fraction) => (f.compare(0) < 0 ? new Fraction(0) : f);
  return (r: Req<'range'>) => {
    let lo = r.domain.lo.map((s) => new Fraction(s));
    let hi = r.domain.hi.map((s) => new Fraction(s));
    for (const layer of r.network.layers) {
      const next = layer.weights.map((row, j) => {
        let l = options.dropBias ? new Fraction(0) : new Fraction(layer.bias[j]);
        let h = l;
        row.forEach((w, i) => {
          const a = new Fraction(w).mul(lo[i]);
          const b = new Fraction(w).mul(hi[i]);
          const [small, large] = a.compare(b) < 0 ? [a, b] : [b, a];
          l = l.add(small);
          h = h.add(large);
        });
        return layer.activation === 'relu' ? [max0(l), max0(h)] : [l, h];
      });
      lo = next.map((p) => p[0]);
      hi = next.map((p) => p[1]);
    }
    return { id: r.id, lower: lo[r.output].toFraction(), upper: hi[r.output].toFraction() };
  };
}

const hiddenNeurons = (net: { layers: { weights: unknown[] }[] }): number => net.layers.slice(0, -1).reduce((s, l) => s + l.weights.length, 0);

/** "decimal (= p/q)", the form of every number in a message. */
const BOTH = /-?\d+(\.\d+)?…? \(= -?\d+\/\d+\)/;

describe('protocol: answers are validated', () => {
  const ok = (query: OracleRequest['query'], v: unknown, id?: number | string) => validateAnswer(query, v, { id, inputSize: 2 });
  it('accepts every answer form, numbers exact', () => {
    const r = ok('range', { id: 3, lower: 0.1, upper: '-1/3' }, 3);
    expect(r.ok && r.answer.kind === 'range' && r.answer.lower).toEqual({ n: 3602879701896397n, d: 36028797018963968n }); // 0.1 as a double, exactly
    expect(r.ok && r.answer.kind === 'range' && r.answer.upper).toEqual({ n: -1n, d: 3n });
    expect(ok('range', { id: 'a', lower: '0.1', upper: '1e-3', time: 0.2 }, 'a').ok).toBe(true); // extra members allowed
    expect(ok('verify', { id: 1, result: 'sat', x: ['1/2', -0.25] }, 1)).toMatchObject({ ok: true, answer: { result: 'sat', x: [{ n: 1n, d: 2n }, { n: -1n, d: 4n }] } });
    expect(ok('verify', { id: 1, result: 'unknown' }, 1).ok).toBe(true);
    expect(ok('count', { id: 1, regions: 7 }, 1)).toMatchObject({ ok: true, answer: { regions: 7 } });
    expect(ok('lipschitz', { id: 1, upper: 3 }, 1).ok).toBe(true);
    expect(ok('count', { id: 1, error: 'too big' }, 1)).toMatchObject({ ok: true, answer: { kind: 'error', error: 'too big' } });
    expect(ok('range', { lower: 0, upper: 1 }).ok).toBe(true); // in-process: the id may be left out
  });

  it('rejects malformed answers with a reason naming the member', () => {
    const bad: [OracleRequest['query'], unknown, RegExp][] = [
      ['range', 'lower 1', /expected a JSON object/],
      ['range', [1, 2], /expected a JSON object/],
      ['range', { id: 1, lower: 0 }, /upper: missing/],
      ['range', { id: 2, lower: 0, upper: 1 }, /id: expected 1 \(the request's\), got 2/],
      ['range', { lower: 0, upper: 1 }, /id: missing/],
      ['range', { id: 1, lower: 'abc', upper: 1 }, /lower: not an exact number string: "abc"/],
      ['range', { id: 1, lower: '1/0', upper: 1 }, /lower: not an exact number string/],
      ['range', { id: 1, lower: ' 1', upper: 1 }, /lower: not an exact number string/],
      ['range', { id: 1, lower: null, upper: 1 }, /lower: expected a JSON number or an exact string/],
      ['range', { id: 1, lower: 0, upper: 1, regions: 3 }, /regions: not a member of a range answer/],
      ['lipschitz', { id: 1, upper: 1, lower: 0 }, /lower: not a member of a lipschitz answer/],
      ['verify', { id: 1, result: 'holds' }, /result: expected "sat", "unsat" or "unknown", got "holds"/],
      ['verify', { id: 1, result: 'unsat', x: [0, 0] }, /x: only a sat answer has a counterexample/],
      ['verify', { id: 1, result: 'sat', x: [0] }, /x: 1 coordinates, the network has 2 inputs/],
      ['verify', { id: 1, result: 'sat', x: [0, 'zero'] }, /x\[1\]: not an exact number string/],
      ['count', { id: 1, regions: 2.5 }, /regions: expected a non-negative integer, got 2.5/],
      ['count', { id: 1, regions: '3' }, /regions: expected a non-negative integer/],
      ['count', { id: 1, error: 42 }, /error: expected a string/],
      ['count', { id: 1, error: 'x', regions: 3 }, /an error answer has no answer fields, got regions/],
    ];
    for (const [query, value, reason] of bad) {
      const v = validateAnswer(query, value, { id: 1, inputSize: 2 });
      expect(v.ok, JSON.stringify(value)).toBe(false);
      if (!v.ok) expect(v.reason).toMatch(reason);
    }
  });

  it('the code and the JSON Schemas agree on the exact-number syntax and the request shape', () => {
    const response = JSON.parse(readFileSync(join(root, 'docs/oracle-response.schema.json'), 'utf8'));
    const request = JSON.parse(readFileSync(join(root, 'docs/oracle-request.schema.json'), 'utf8'));
    const pattern: string = response.$defs.number.oneOf[1].pattern;
    for (const s of ['1', '-1/3', '+2', '0.1', '.5', '5.', '1e-3', '-2.5E+4', 'abc', '1/', '1.2.3', ' 1', 'e3', '']) {
      expect(new RegExp(pattern).test(s), s).toBe(EXACT_STRING_RE.test(s));
    }
    expect(request.required).toEqual(['id', 'query', 'network', 'domain']);
    expect(response.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });
});

describe('in-process oracle', () => {
  it('a sound interval engine passes; runs and seed are honoured', async () => {
    let calls = 0;
    const engine = intervalEngine();
    await fc.assert(oracle.rangeSoundness((r) => (calls++, engine(r as Req<'range'>)), { runs: 150, seed: 11 }));
    expect(calls).toBe(150);
    await fc.assert(oracle.rangeSoundness((r) => engine(r as Req<'range'>), { runs: 100, seed: 12, degenerate: true }));
    await fc.assert(oracle.rangeSoundness((r) => engine(r as Req<'range'>), { runs: 20, seed: 13, arch: '2-8-8-1' }));
    expect(fc.readConfigureGlobal().numRuns).toBeUndefined(); // the global configuration is restored
  });

  it('an engine that drops the biases is caught and shrunk to at most two hidden neurons', async () => {
    const details = await fc.check(oracle.rangeSoundness((r) => intervalEngine({ dropBias: true })(r as Req<'range'>), { runs: 200, seed: 1 }));
    expect(details.failed).toBe(true);
    const c = details.counterexample![0] as OracleCase;
    expect(hiddenNeurons(c.network)).toBeLessThanOrEqual(2);
    const message = String((details.errorInstance as Error).message);
    expect(message).toMatch(/^engine (lower|upper) bound .* is (above|below) the exact (minimum|maximum) .* of Y_\d+ at x = \(/);
    expect(message).toMatch(BOTH);
    await expect(fc.assert(oracle.rangeSoundness((r) => intervalEngine({ dropBias: true })(r as Req<'range'>), { runs: 200, seed: 1 }))).rejects.toThrow(/Got error: .*engine (lower|upper) bound/);
  });

  it('verify: the exact verdicts pass (both occur); a wrong verdict and a false counterexample are caught; unknown is allowed', async () => {
    const seen = { sat: 0, unsat: 0 };
    const exact = async (r: OracleRequest) => {
      const v = await verify((r as Req<'verify'>).network, (r as Req<'verify'>).property);
      if (v.result !== 'unknown') seen[v.result]++;
      return { result: v.result, ...(v.counterexample ? { x: v.counterexample.x.map((f) => f.toFraction()) } : {}) };
    };
    await fc.assert(oracle.verifyAgreement(exact, { runs: 80, seed: 3 }));
    expect(seen.sat).toBeGreaterThan(10);
    expect(seen.unsat).toBeGreaterThan(10);
    await expect(fc.assert(oracle.verifyAgreement(() => ({ result: 'unsat' }), { runs: 50, seed: 3 }))).rejects.toThrow(/engine answered unsat, but x = .* gives Y_\d+ = .*, in the unsafe set/);
    await expect(fc.assert(oracle.verifyAgreement(() => ({ result: 'sat' }), { runs: 50, seed: 3 }))).rejects.toThrow(/engine answered sat, but the property holds/);
    const lowCorner = async (r: OracleRequest) => {
      const v = await exact(r);
      return v.result === 'sat' ? { result: 'sat', x: (r as Req<'verify'>).domain.lo } : v;
    };
    await expect(fc.assert(oracle.verifyAgreement(lowCorner, { runs: 80, seed: 3 }))).rejects.toThrow(/engine answered sat with x = .*, which is not a counterexample: the exact forward pass gives/);
    await fc.assert(oracle.verifyAgreement(() => ({ result: 'unknown' }), { runs: 30, seed: 3 }));
  });

  it('count: the exact count passes, an off-by-one is caught', async () => {
    const exact = async (r: OracleRequest) => ({ regions: (await countRegions(r.network, { domain: r.domain })).activationRegions });
    await fc.assert(oracle.countEquality(exact, { runs: 60, seed: 4 }));
    const offByOne = async (r: OracleRequest) => {
      const n = (await exact(r)).regions;
      return { regions: n > 2 ? n - 1 : n };
    };
    await expect(fc.assert(oracle.countEquality(offByOne, { runs: 100, seed: 4 }))).rejects.toThrow(/engine counted \d+ regions, the exact number of activation regions is \d+/);
  });

  it('lipschitz: the exact constant passes, a bound below it is caught', async () => {
    const exact = async (r: OracleRequest) => ({ upper: (await lipschitzConstant(r.network, { domain: r.domain, norm: (r as Req<'lipschitz'>).norm })).value.toFraction() });
    await fc.assert(oracle.lipschitzSoundness(exact, { runs: 60, seed: 5 }));
    const tooSmall = async (r: OracleRequest) => ({ upper: new Fraction((await exact(r)).upper).mul('99/100').toFraction() });
    await expect(fc.assert(oracle.lipschitzSoundness(tooSmall, { runs: 60, seed: 5 }))).rejects.toThrow(/engine Lipschitz bound .* is below the exact constant .*\(= \d+\/\d+\) \((∞|1)-norm\)/);
  });

  it('a malformed or error answer fails with a clear message', async () => {
    await expect(fc.assert(oracle.rangeSoundness(() => ({ lower: 'one', upper: 2 }), { runs: 5, seed: 6 }))).rejects.toThrow(/malformed range answer: lower: not an exact number string: "one"/);
    await expect(fc.assert(oracle.countEquality(() => ({ error: 'no' }), { runs: 5, seed: 6 }))).rejects.toThrow(/engine error: no/);
    await fc.assert(oracle.countEquality(() => ({ error: 'no' }), { runs: 5, seed: 6, allowErrors: true }));
  });

  it('the exact side agrees with the library (range of a generated case, with its certificate)', async () => {
    let request: Req<'range'> | undefined;
    await fc.assert(oracle.rangeSoundness((r) => ((request = r as Req<'range'>), intervalEngine()(r as Req<'range'>)), { runs: 1, seed: 7 }));
    const r = await outputRange(request!.network, { output: request!.output, domain: request!.domain, certificate: true });
    expect(checkCertificate(request!.network, r.certificate!).valid).toBe(true);
  });
});

describe('differential runs and reproducers', () => {
  it('a wrong verdict gives a verify reproducer whose certificate checks against its property', async () => {
    let asked = 0;
    const { summary, failure } = await runDifferential({ query: 'verify', runs: 100, seed: 8, ask: async (r) => (asked++, { value: { id: r.id, result: 'unsat' } }) });
    expect(failure).toBeDefined();
    expect(summary).toMatchObject({ query: 'verify', seed: 8, violations: 1, partial: false });
    expect(summary.cases).toBe(summary.passed + 1);
    expect(asked).toBeGreaterThan(summary.cases); // shrinking asked again
    const out = await writeReproducer(join(tempDir('oracle-verify'), 'repro'), failure!, { seed: 8 });
    expect(readdirSync(out).sort()).toEqual(['README.md', 'certificate.jsonl', 'engine.json', 'exact.json', 'network.json', 'property.vnnlib', 'query.json']);
    const net = JSON.parse(readFileSync(join(out, 'network.json'), 'utf8'));
    const property = readFileSync(join(out, 'property.vnnlib'), 'utf8');
    expect(JSON.parse(readFileSync(join(out, 'query.json'), 'utf8')).property).toBe(property);
    expect(JSON.parse(readFileSync(join(out, 'exact.json'), 'utf8'))).toMatchObject({ result: 'sat', check: 'relu-regions check network.json certificate.jsonl --property property.vnnlib' });
    const lines = readFileSync(join(out, 'certificate.jsonl'), 'utf8').trim().split('\n');
    expect(checkCertificate(net, lines, { property })).toMatchObject({ valid: true, kind: 'verify' });
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toMatch(/The engine answered unsat: it missed that counterexample/);
  });
});

const fixture = join(root, 'test/fixtures/interval-engine.mjs');
const engineCmd = (...flags: string[]) => [`node ${fixture}`, ...flags].join(' ');

describe('relu-regions oracle (engine process)', () => {
  it('a sound engine passes every case: summary, exit 0', () => {
    const r = cli('oracle', '--engine', engineCmd(), '--query', 'range', '--runs', '150', '--seed', '3');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^oracle range: 150 of 150 cases \(seed 3\)\npassed: 150, unknown: 0, engine errors: 0, violations: 0\ntightness \(engine width \/ exact width, 1 = exact\): min [\d.]+, median [\d.]+, p90 [\d.]+, max [\d.e+]+ over \d+ cases\n(\d+ passed cases with a constant output \(exact width 0\): the engine was exact in \d+\n)?time: /);
    const j = cli('oracle', '--engine', engineCmd(), '--query', 'range', '--runs', '40', '--seed', '3', '--json', '--arch', '2-4-4-1');
    expect(j.status).toBe(0);
    const s = JSON.parse(j.stdout);
    expect(s).toMatchObject({ query: 'range', seed: 3, cases: 40, passed: 40, violations: 0, partial: false });
    expect(s.tightness.min).toBeGreaterThanOrEqual(1);
  });

  it('a dropped bias is caught, shrunk, and written as a reproducer folder; exit 1', () => {
    const out = join(tempDir('oracle'), 'repro');
    const r = cli('oracle', '--engine', engineCmd('--drop-bias'), '--query', 'range', '--runs', '200', '--seed', '1', '--out', out);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^VIOLATION: engine (lower|upper) bound/);
    expect(r.stdout).toContain(`reproducer: ${out}`);
    expect(readdirSync(out).sort()).toEqual(['README.md', 'certificate.jsonl', 'engine.json', 'exact.json', 'network.json', 'query.json']);
    const net = JSON.parse(readFileSync(join(out, 'network.json'), 'utf8'));
    expect(hiddenNeurons(net)).toBeLessThanOrEqual(2);
    const query = readFileSync(join(out, 'query.json'), 'utf8');
    expect(query.split('\n')).toHaveLength(2); // one line
    expect(JSON.parse(query)).toMatchObject({ query: 'range', network: net });
    expect(JSON.parse(readFileSync(join(out, 'engine.json'), 'utf8')).id).toBe(JSON.parse(query).id);
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    const paragraph = readme.split('\n\n')[1];
    expect(paragraph).toMatch(/exact minimum .* exact maximum .* The engine answered the bounds \[/);
    expect(paragraph).toMatch(BOTH);
    const exact = JSON.parse(readFileSync(join(out, 'exact.json'), 'utf8'));
    const check = checkCertificate(net, readFileSync(join(out, 'certificate.jsonl'), 'utf8').trim().split('\n'));
    expect(check).toMatchObject({ valid: true, kind: 'range' });
    expect(check.valid && (check.min as Fraction).toFraction()).toBe(exact.lower);
  });

  it('an engine that writes garbage, exits, or answers another id is one line naming the case; exit 2', () => {
    const cases: [string[], RegExp][] = [
      [['--garbage', '4'], /^error: engine: answer to case 4 is not JSON: "this is not json"\n$/],
      [['--exit', '2'], /^error: engine exited with code 3 while answering case 2 \(its stderr ends: interval-engine: exiting on purpose\)\n$/],
      [['--wrong-id'], /^error: engine: malformed answer to case 0: id: expected 0 \(the request's\), got "0-wrong"/],
    ];
    for (const [flags, message] of cases) {
      const r = cli('oracle', '--engine', engineCmd(...flags), '--query', 'range', '--runs', '20', '--seed', '1');
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const e = cli('oracle', '--engine', engineCmd(), '--query', 'count', '--runs', '5', '--seed', '1', '--allow-errors');
    expect(e.status).toBe(0);
    expect(e.stdout).toContain('passed: 0, unknown: 0, engine errors: 5, violations: 0');
  });
});

describe('stopping', () => {
  it('Ctrl-C stops the oracle with a partial summary (130); SIGTERM keeps a partial corpus (143)', async () => {
    const o = await runAndSignal(['oracle', '--engine', engineCmd(), '--query', 'range', '--runs', '1000000', '--seed', '2'], ['SIGINT'], { delayMs: 2000 });
    expect(o.code).toBe(130);
    expect(o.afterSignal).toBeLessThan(20); // s: long before the million cases would end, however loaded the machine
    expect(o.stdout).toMatch(/^oracle range: \d+ of 1000000 cases \(seed 2\) — PARTIAL: stopped \(interrupted\)\npassed: \d+, unknown: 0, engine errors: 0, violations: 0\n/);
    const dir = join(tempDir('corpus-stop'), 'c');
    const c = await runAndSignal(['corpus', '--out', dir, '--query', 'range', '--count', '1000000', '--seed', '2'], ['SIGTERM'], { delayMs: 2000 });
    expect(c.code).toBe(143);
    expect(c.stdout).toMatch(/^PARTIAL \(interrupted\): \d+ of 1000000 range cases written to .*c\.partial\n$/);
    const index = JSON.parse(readFileSync(`${dir}.partial/index.json`, 'utf8'));
    expect(index.partial).toBe(true);
    expect(readFileSync(`${dir}.partial/requests.jsonl`, 'utf8').trim().split('\n')).toHaveLength(index.cases.length);
  });
});

describe('relu-regions corpus', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)).map((g) => join(f, g)) : [f])).sort();

  it('is deterministic: the same seed gives the same bytes', () => {
    const base = tempDir('corpus');
    for (const name of ['a', 'b']) {
      const r = cli('corpus', '--out', join(base, name), '--count', '12', '--seed', '5', '--query', 'verify');
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^12 verify cases written to /);
    }
    const a = files(join(base, 'a'));
    expect(a).toEqual(files(join(base, 'b')));
    expect(a).toEqual(expect.arrayContaining(['README.md', 'index.json', 'requests.jsonl', 'answers.jsonl', 'cases/000000/certificate.jsonl', 'cases/000011/property.vnnlib']));
    for (const f of a) expect(readFileSync(join(base, 'b', f)).equals(readFileSync(join(base, 'a', f))), f).toBe(true);
    const index = JSON.parse(readFileSync(join(base, 'a', 'index.json'), 'utf8'));
    expect(index).toMatchObject({ format: 'relu-regions/oracle-corpus', query: 'verify', seed: 5, count: 12, partial: false });
    expect(index.cases).toHaveLength(12);
    // every certificate checks against its case's network and property
    for (const entry of index.cases as { folder: string }[]) {
      const dir = join(base, 'a', entry.folder);
      const net = JSON.parse(readFileSync(join(dir, 'network.json'), 'utf8'));
      const lines = readFileSync(join(dir, 'certificate.jsonl'), 'utf8').trim().split('\n');
      expect(checkCertificate(net, lines, { property: readFileSync(join(dir, 'property.vnnlib'), 'utf8') }).valid, relative(base, dir)).toBe(true);
    }
    // an existing folder is refused before anything runs
    const again = cli('corpus', '--out', join(base, 'a'), '--count', '1', '--query', 'range');
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/exists already/);
  });
});
