/**
 * The exact side of a case: the request sent to the engine and the exact answer, from the
 * library API (outputRange, verify, countRegions/runEnumeration, lipschitzConstant), with the
 * certificate on request (reproducers and the corpus; the oracle loop skips it for speed).
 *
 * Certificates: range → a range certificate; verify → the verdict certificate (sat: the
 * counterexample, unsat: the split tree), or the range certificate of the output when `verify`
 * needs more than 20 s (it proves the verdict too: the certified extreme against c); count → the enumeration certificate (its leaves are
 * the regions); lipschitz → the enumeration certificate too (the constant is the largest
 * induced norm of its region leaves' exact maps). All are checked by `relu-regions check`.
 */
import { toRational, type Fraction } from '../api/exact.js';
import { lipschitzConstant, outputRange, verify } from '../api/queries.js';
import { domainToJson } from '../domain/domain.js';
import { runEnumeration } from '../enumerate/run.js';
import { cmp, toString, type Rational } from '../kernel/rational.js';
import { forward } from '../network/forward.js';
import type { Network } from '../network/network.js';
import { pinInputs } from '../network/pin-inputs.js';
import { networkToJson } from '../testing/arbitraries.js';
import { parseVnnlib, type Property } from '../verify/vnnlib.js';
import type { Box, OracleCase } from './cases.js';
import type { BoxJson, NetworkJson, OracleRequest } from './protocol.js';
import { thresholdProperty, thresholdValue } from './property.js';

export type ExactAnswer =
  | { kind: 'range'; output: number; min: Rational; max: Rational; argmin: Rational[]; argmax: Rational[]; regions: number }
  | {
      kind: 'verify';
      result: 'sat' | 'unsat';
      /** sat: the exact counterexample and its outputs. */
      x?: Rational[];
      y?: Rational[];
      output: number;
      side: 'ge' | 'le';
      c: Rational;
      text: string;
      property: Property;
      /** The exact range of the output, which placed c. */
      min: Rational;
      max: Rational;
    }
  | { kind: 'count'; regions: number }
  | { kind: 'lipschitz'; norm: 'inf' | '1'; value: Rational; pattern: string; witness: Rational[]; regions: number };

/** A request without its id. */
export type RequestBody = OracleRequest extends infer R ? (R extends OracleRequest ? Omit<R, 'id'> : never) : never;

export interface Solved {
  request: RequestBody;
  exact: ExactAnswer;
  /** certificate: true only. */
  certificate?: object[];
  /** The network the certificate is about, when it differs from the case's (pinned inputs folded). */
  certificateNetwork?: Network;
  /** The certificate's kind, where a query may have two (verify: a verdict or, as a fallback, a range certificate). */
  certificateKind?: 'verify' | 'range';
  seconds: number;
}

export interface SolveOptions {
  certificate?: boolean;
  shouldStop?: () => boolean;
}

/** Time allowed to `verify` for a verdict certificate before the range certificate is used instead. */
const VERIFY_CERTIFICATE_SECONDS = 20;

const rats = (fs: Fraction[]): Rational[] => fs.map((f, i) => toRational(f, `[${i}]`));
const rat1 = (f: Fraction): Rational => toRational(f, 'value');

export const networkJson = (net: Network): NetworkJson => networkToJson(net) as NetworkJson;
export const boxJson = (box: Box): BoxJson => domainToJson(box) as BoxJson;

/** The network with its pinned inputs (lo = hi) substituted into the first layer (network/pin-inputs.ts). */
export function foldPinned(net: Network, box: Box): { net: Network; box: Box; lift: (x: Rational[]) => Rational[] } | { point: Rational[] } {
  const pinned = box.lo.map((lo, i) => cmp(lo, box.hi[i]) === 0);
  if (!pinned.includes(true)) return { net, box, lift: (x) => x };
  if (!pinned.includes(false)) return { point: box.lo };
  const p = pinInputs(net, pinned, box.lo);
  return { net: p.net, box: { kind: 'box', lo: p.free.map((i) => box.lo[i]), hi: p.free.map((i) => box.hi[i]) }, lift: p.lift };
}

/** The exact range of one output; null if stopped. */
async function exactRange(net: Network, box: Box, output: number, options: SolveOptions): Promise<{ exact: ExactAnswer & { kind: 'range' }; certificate?: object[]; certificateNetwork?: Network } | null> {
  const folded = foldPinned(net, box);
  if ('point' in folded) {
    const v = forward(net, folded.point).output[output];
    return { exact: { kind: 'range', output, min: v, max: v, argmin: folded.point, argmax: folded.point, regions: 1 } };
  }
  const r = await outputRange(folded.net, { output, domain: folded.box, certificate: options.certificate ?? false, shouldStop: options.shouldStop });
  if (r.partial) return null;
  const full = folded.lift; // points of the folded box back in the full input space
  return {
    exact: { kind: 'range', output, min: rat1(r.min.value), max: rat1(r.max.value), argmin: full(rats(r.min.point)), argmax: full(rats(r.max.point)), regions: r.regions },
    certificate: r.certificate,
    certificateNetwork: folded.net === net ? undefined : folded.net,
  };
}

/** Enumeration certificate lines (count, lipschitz); null if stopped. */
async function enumeration(net: Network, box: Box, options: SolveOptions): Promise<{ regions: number; lines: object[] } | null> {
  const lines: object[] = [];
  const s = await runEnumeration(net, { domain: box, shouldStop: options.shouldStop, certificate: options.certificate ? (line) => void lines.push(line) : undefined });
  return s.partial ? null : { regions: s.activationRegions, lines };
}

/** The request and the exact answer of a case; null if a stop was requested first. */
export async function solveCase(c: OracleCase, options: SolveOptions = {}): Promise<Solved | null> {
  const start = performance.now();
  const seconds = () => (performance.now() - start) / 1000;
  const network = networkJson(c.network);
  const domain = boxJson(c.domain);
  const outputs = c.network.layers[c.network.layers.length - 1].weights.length;
  switch (c.query) {
    case 'range': {
      const r = await exactRange(c.network, c.domain, c.output!, options);
      if (!r) return null;
      return { request: { query: 'range', network, domain, output: c.output! }, exact: r.exact, certificate: r.certificate, certificateNetwork: r.certificateNetwork, seconds: seconds() };
    }
    case 'verify': {
      // the verdict of a threshold property follows from the exact range: sat iff the extreme
      // reaches c (the unsafe set is closed), with the argmax/argmin as the counterexample
      const r = await exactRange(c.network, c.domain, c.output!, options);
      if (!r) return null;
      const t = c.threshold!;
      const { min, max } = r.exact;
      const value = thresholdValue(t, min, max);
      const text = thresholdProperty(c.domain, outputs, c.output!, t.side, value);
      const sat = t.side === 'ge' ? cmp(max, value) >= 0 : cmp(min, value) <= 0;
      const x = sat ? (t.side === 'ge' ? r.exact.argmax : r.exact.argmin) : undefined;
      const exact: ExactAnswer = {
        kind: 'verify',
        result: sat ? 'sat' : 'unsat',
        ...(x ? { x, y: forward(c.network, x).output } : {}),
        output: c.output!,
        side: t.side,
        c: value,
        text,
        property: parseVnnlib(text, 'property'),
        min,
        max,
      };
      const request = { query: 'verify' as const, network, domain, property: text };
      if (!options.certificate) return { request, exact, seconds: seconds() };
      // the verdict certificate; if verify needs too long (extreme weights), the range certificate
      // proves the verdict too (the certified max, or min, against c)
      const v = await verify(c.network, text, { certificate: true, shouldStop: options.shouldStop, timeoutSeconds: VERIFY_CERTIFICATE_SECONDS });
      if (v.result === 'unknown' && v.reason !== 'timeout') return null;
      if (v.result !== 'unknown' && v.result !== exact.result) throw new Error(`internal: verify answered ${v.result}, the exact range says ${exact.result} (a bug in relu-regions; please report it)`);
      if (v.result !== 'unknown') return { request, exact, certificate: v.certificate, certificateKind: 'verify', seconds: seconds() };
      return { request, exact, certificate: r.certificate, certificateNetwork: r.certificateNetwork, certificateKind: 'range', seconds: seconds() };
    }
    case 'count': {
      const e = await enumeration(c.network, c.domain, options);
      if (!e) return null;
      return { request: { query: 'count', network, domain }, exact: { kind: 'count', regions: e.regions }, certificate: options.certificate ? e.lines : undefined, seconds: seconds() };
    }
    case 'lipschitz': {
      const norm = c.norm!;
      const l = await lipschitzConstant(c.network, { norm, domain: c.domain, shouldStop: options.shouldStop });
      if (l.partial) return null;
      const e = options.certificate ? await enumeration(c.network, c.domain, options) : null;
      if (options.certificate && !e) return null;
      const exact: ExactAnswer = { kind: 'lipschitz', norm, value: rat1(l.value), pattern: l.pattern, witness: rats(l.witness), regions: l.regions };
      return { request: { query: 'lipschitz', network, domain, norm }, exact, certificate: e?.lines, seconds: seconds() };
    }
  }
}

/** The command that checks a solved case's certificate, run in its folder (network.json, certificate.jsonl, property.vnnlib). */
export function checkCommand(s: Solved): string {
  const net = s.certificateNetwork ? 'certificate-network.json' : 'network.json';
  const property = s.exact.kind === 'verify' && s.certificateKind !== 'range' ? ' --property property.vnnlib' : '';
  return `relu-regions check ${net} certificate.jsonl${property}`;
}

/** The exact answer in the protocol's response form (exact strings), plus details under "exact". */
export function exactResponse(id: number | string, s: Solved): Record<string, unknown> {
  const e = s.exact;
  switch (e.kind) {
    case 'range':
      return { id, lower: toString(e.min), upper: toString(e.max), exact: { min: toString(e.min), max: toString(e.max), argmin: e.argmin.map(toString), argmax: e.argmax.map(toString), regions: e.regions } };
    case 'verify':
      return {
        id,
        result: e.result,
        ...(e.x ? { x: e.x.map(toString) } : {}),
        exact: { ...(e.y ? { y: e.y.map(toString) } : {}), output: e.output, unsafe: `Y_${e.output} ${e.side === 'ge' ? '>=' : '<='} ${toString(e.c)}`, min: toString(e.min), max: toString(e.max) },
      };
    case 'count':
      return { id, regions: e.regions, exact: { activationRegions: e.regions } };
    case 'lipschitz':
      return { id, upper: toString(e.value), exact: { value: toString(e.value), norm: e.norm, pattern: e.pattern, witness: e.witness.map(toString), regions: e.regions } };
  }
}
