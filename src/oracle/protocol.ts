/**
 * The oracle protocol (docs/oracle-protocol.md, docs/oracle-request.schema.json and
 * docs/oracle-response.schema.json): JSON lines between relu-regions and an engine under test.
 * One request per line, one answer per line with the same id.
 *
 * This module holds the message types and the answer validator: a hand-written check of the
 * response schema's rules (plus the ones a schema cannot state: the id matches, the fields fit
 * the query asked, x has one coordinate per input), returning the answer with exact numbers or
 * one readable reason. Numbers in answers are JSON numbers (their exact binary64 value) or exact
 * strings ("-1/3", "0.1", "1e-3").
 */
import { fromDouble, parseRational, type Rational } from '../kernel/rational.js';
import { showInput } from '../network/parse-json.js';

export const QUERIES = ['range', 'verify', 'count', 'lipschitz'] as const;
export type OracleQuery = (typeof QUERIES)[number];

export const isQuery = (q: unknown): q is OracleQuery => typeof q === 'string' && (QUERIES as readonly string[]).includes(q);

/** The network as sent: the JSON network format with exact "p/q" strings. */
export interface NetworkJson {
  inputSize: number;
  layers: { weights: string[][]; bias: string[]; activation: 'relu' | 'linear' }[];
}

export interface BoxJson {
  kind: 'box';
  lo: string[];
  hi: string[];
}

interface RequestBase {
  id: number | string;
  network: NetworkJson;
  domain: BoxJson;
}

export type OracleRequest =
  | (RequestBase & { query: 'range'; output: number })
  | (RequestBase & { query: 'verify'; property: string })
  | (RequestBase & { query: 'count' })
  | (RequestBase & { query: 'lipschitz'; norm: 'inf' | '1' });

/** A valid answer, numbers exact. */
export type EngineAnswer =
  | { kind: 'range'; lower: Rational; upper: Rational }
  | { kind: 'verify'; result: 'sat' | 'unsat' | 'unknown'; x?: Rational[] }
  | { kind: 'count'; regions: number }
  | { kind: 'lipschitz'; upper: Rational }
  | { kind: 'error'; error: string };

export type Validation = { ok: true; answer: EngineAnswer } | { ok: false; reason: string };

/** The exact-string syntax of answers (the schema's "exactString" pattern). */
export const EXACT_STRING_RE = /^[+-]?(?:[0-9]+\/[0-9]+|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)$/;

const show = showInput; // clipped, one line, safe on any value

class Malformed extends Error {}
const bad = (reason: string): never => {
  throw new Malformed(reason);
};

/** An answer number: a finite JSON number (exact binary64 value) or an exact string. */
export function answerNumber(v: unknown, place: string): Rational {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) bad(`${place}: not a finite number: ${show(v)}`);
    return fromDouble(v);
  }
  if (typeof v === 'string') {
    const r = EXACT_STRING_RE.test(v) ? parseRational(v) : null;
    if (r === null) bad(`${place}: not an exact number string: ${show(v)} (expected e.g. "-1/3", "0.1", "1e-3")`);
    return r!;
  }
  return bad(`${place}: expected a JSON number or an exact string such as "-1/3", got ${show(v)}`);
}

const FIELDS: Record<OracleQuery, string[]> = {
  range: ['lower', 'upper'],
  verify: ['result', 'x'],
  count: ['regions'],
  lipschitz: ['upper'],
};

export interface ValidateOptions {
  /** The id the answer must carry (undefined: not checked, for in-process engines). */
  id?: number | string;
  /** Number of network inputs (the length of a verify counterexample). */
  inputSize: number;
}

/**
 * Checks an answer (the parsed JSON value) to a request of `query`. Extra members are allowed
 * (engines may add statistics); the members of another query's answer are not, so a mixed-up
 * answer is caught.
 */
export function validateAnswer(query: OracleQuery, value: unknown, options: ValidateOptions): Validation {
  try {
    return { ok: true, answer: readAnswer(query, value, options) };
  } catch (e) {
    if (e instanceof Malformed) return { ok: false, reason: e.message };
    throw e;
  }
}

function readAnswer(query: OracleQuery, value: unknown, options: ValidateOptions): EngineAnswer {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(`expected a JSON object, got ${show(value)}`);
  const a = value as Record<string, unknown>;
  if (options.id !== undefined) {
    if (!('id' in a)) bad('id: missing');
    if (a.id !== options.id) bad(`id: expected ${show(options.id)} (the request's), got ${show(a.id)}`);
  } else if ('id' in a && typeof a.id !== 'number' && typeof a.id !== 'string') {
    bad(`id: expected an integer or a string, got ${show(a.id)}`);
  }
  if ('error' in a) {
    if (typeof a.error !== 'string') bad(`error: expected a string, got ${show(a.error)}`);
    const mixed = Object.values(FIELDS).flat().filter((k) => k in a);
    if (mixed.length > 0) bad(`an error answer has no answer fields, got ${mixed.join(', ')}`);
    return { kind: 'error', error: a.error as string };
  }
  const foreign = Object.entries(FIELDS)
    .filter(([q]) => q !== query)
    .flatMap(([, keys]) => keys)
    .filter((k) => !FIELDS[query].includes(k) && k in a);
  if (foreign.length > 0) bad(`${foreign.join(', ')}: not a member of a ${query} answer (expected ${FIELDS[query].join(', ')})`);
  const need = (k: string): unknown => (k in a ? a[k] : bad(`${k}: missing (a ${query} answer has ${FIELDS[query].join(', ')}, or error)`));
  switch (query) {
    case 'range': {
      const lower = answerNumber(need('lower'), 'lower');
      const upper = answerNumber(need('upper'), 'upper');
      return { kind: 'range', lower, upper };
    }
    case 'lipschitz':
      return { kind: 'lipschitz', upper: answerNumber(need('upper'), 'upper') };
    case 'count': {
      const n = need('regions');
      if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) bad(`regions: expected a non-negative integer, got ${show(n)}`);
      return { kind: 'count', regions: n as number };
    }
    case 'verify': {
      const r = need('result');
      if (r !== 'sat' && r !== 'unsat' && r !== 'unknown') bad(`result: expected "sat", "unsat" or "unknown", got ${show(r)}`);
      if (!('x' in a)) return { kind: 'verify', result: r as 'sat' | 'unsat' | 'unknown' };
      if (r !== 'sat') bad(`x: only a sat answer has a counterexample (result is ${show(r)})`);
      if (!Array.isArray(a.x)) bad(`x: expected an array of ${options.inputSize} numbers, got ${show(a.x)}`);
      const x = a.x as unknown[];
      if (x.length !== options.inputSize) bad(`x: ${x.length} coordinates, the network has ${options.inputSize} inputs`);
      return { kind: 'verify', result: 'sat', x: x.map((v, i) => answerNumber(v, `x[${i}]`)) };
    }
  }
}

/** One line of engine output: JSON, else a reason. */
export function parseAnswerLine(line: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(line) };
  } catch {
    return { ok: false, reason: `not JSON: ${show(line)}` };
  }
}
