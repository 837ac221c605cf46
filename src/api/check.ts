/**
 * One entry for every certificate kind: the header's `kind` (enumeration, range, injective,
 * verify) picks the independent checker (certify/). Certificates are JSON lines, given as the
 * lines (strings or the objects a query returned) or as a file path.
 */
import { checkInvariantCertificate, checkInvariantCertificateFile } from '../certify/invariant-checker.js';
import { checkLevelSetCertificate, checkLevelSetCertificateFile } from '../certify/levelset-checker.js';
import { InputError } from '../errors.js';
import { checkCertificate as checkEnumeration, checkCertificateFile as checkEnumerationFile, fileLines } from '../certify/checker.js';
import { checkInjectiveCertificate, checkInjectiveCertificateFile } from '../certify/injective-checker.js';
import { checkRangeCertificate, checkRangeCertificateFile } from '../certify/range-checker.js';
import { checkVerdictCertificate, checkVerdictCertificateFile } from '../certify/verdict-checker.js';
import type { Domain } from '../domain/domain.js';
import { parseRational } from '../kernel/rational.js';
import type { Network } from '../network/network.js';
import type { StopOptions } from '../run-control.js';
import { affineProperty } from '../verify/affine-property.js';
import type { Property } from '../verify/vnnlib.js';
import { toFraction, type Fraction } from './exact.js';
import { toDomain, toNetwork, toProperty, type DomainInput, type NetworkInput } from './inputs.js';

export type CertificateKind = 'enumeration' | 'range' | 'injective' | 'verify' | 'invariant' | 'levelset';

export interface CheckOptions extends StopOptions {
  /** Check against this domain instead of the certificate's own (enumeration, range, injective). */
  domain?: DomainInput | Domain;
  /** verify certificates: also check that the certificate is about this property (VNN-LIB text). */
  property?: string | Property;
  /** invariant certificates: the closed loop G (the network checked is the barrier B). */
  dynamics?: NetworkInput | Network;
  /** invariant certificates: the barrier is this output of the network (the certificate records it). */
  barrierOutput?: number;
}

export type CertificateCheck =
  | ({ valid: true; kind: CertificateKind } & Record<string, unknown>)
  | { valid: false; kind: CertificateKind | null; line: number; reason: string };

function kindOf(first: string | undefined): CertificateKind | null {
  try {
    const k = (JSON.parse(first ?? '') as { kind?: unknown }).kind;
    return k === 'range' || k === 'injective' || k === 'verify' || k === 'invariant' || k === 'levelset' ? k : k === 'enumeration' || k === undefined ? 'enumeration' : null;
  } catch {
    return null;
  }
}

/** The kind named by a certificate file's header line (null: unreadable or unknown; its checker says why). */
export async function certificateFileKind(path: string): Promise<CertificateKind | null> {
  for await (const line of fileLines(path)) return kindOf(line);
  return kindOf(undefined);
}

const withFractions = (r: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = { ...r };
  for (const key of ['min', 'max']) if (typeof r[key] === 'string') out[key] = toFraction(parseRational(r[key] as string)!);
  for (const key of ['argmin', 'argmax', 'objective']) if (Array.isArray(r[key])) out[key] = (r[key] as string[]).map((v) => toFraction(parseRational(v)!));
  return out;
};

function finish(kind: CertificateKind | null, r: { valid: boolean } & Record<string, unknown>): CertificateCheck {
  if (!r.valid) return { valid: false, kind, line: r.line as number, reason: r.reason as string };
  return { ...withFractions(r), valid: true, kind: kind! };
}

/** The closed loop an invariance certificate is checked against (the network checked is the barrier). */
function dynamicsOf(options: CheckOptions): Network {
  if (options.dynamics === undefined) throw new InputError('an invariance certificate is checked against the barrier (the network) and the closed loop: give dynamics');
  return toNetwork(options.dynamics, 'dynamics');
}

/** Checks certificate lines (strings, or the line objects a query returned). */
export function checkCertificate(network: NetworkInput | Network, lines: Iterable<string | object>, options: CheckOptions = {}): CertificateCheck {
  const net = toNetwork(network);
  const text = [...lines].map((l) => (typeof l === 'string' ? l : JSON.stringify(l)));
  const kind = kindOf(text[0]);
  const domain = options.domain === undefined ? null : toDomain(options.domain, net.inputSize);
  switch (kind) {
    case 'range':
      return finish(kind, checkRangeCertificate(net, domain, text));
    case 'injective':
      return finish(kind, checkInjectiveCertificate(net, domain, text));
    case 'invariant':
      return finish(kind, checkInvariantCertificate(net, dynamicsOf(options), text, options.barrierOutput));
    case 'levelset':
      return finish(kind, checkLevelSetCertificate(net, text));
    case 'verify':
      return finish(kind, checkVerdictCertificate(net, options.property === undefined ? null : affineProperty(toProperty(options.property)), text));
    default:
      return finish(kind, checkEnumeration(net, domain, text));
  }
}

/** Checks a certificate file, streamed (memory O(tree depth)); a stop request rejects with StoppedError. */
export async function checkCertificateFile(network: NetworkInput | Network, path: string, options: CheckOptions = {}): Promise<CertificateCheck> {
  const net = toNetwork(network);
  const kind = await certificateFileKind(path);
  const domain = options.domain === undefined ? null : toDomain(options.domain, net.inputSize);
  switch (kind) {
    case 'range':
      return finish(kind, await checkRangeCertificateFile(net, domain, path, options));
    case 'injective':
      return finish(kind, await checkInjectiveCertificateFile(net, domain, path, options));
    case 'invariant':
      return finish(kind, await checkInvariantCertificateFile(net, dynamicsOf(options), path, options, options.barrierOutput));
    case 'levelset':
      return finish(kind, await checkLevelSetCertificateFile(net, path, options));
    case 'verify':
      return finish(kind, await checkVerdictCertificateFile(net, options.property === undefined ? null : affineProperty(toProperty(options.property)), path, options));
    default:
      return finish(kind, await checkEnumerationFile(net, domain, path, options));
  }
}

export type { Fraction };
