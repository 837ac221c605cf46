/** The lines of verdict certificates that do not come from the search (certify/verdict-format.ts). */
import { CERTIFICATE_FORMAT } from '../certify/format.js';
import { VERIFY_KIND, VERIFY_VERSION, type AffineProperty, type VerifyHeader } from '../certify/verdict-format.js';
import { toString, type Rational } from '../kernel/rational.js';
import { layerSizes, type Network } from '../network/network.js';
import { affineProperty } from './affine-property.js';
import type { Property } from './vnnlib.js';

export function verdictHeader(net: Network, prop: AffineProperty): VerifyHeader {
  const strs = (xs: Rational[]) => xs.map(toString);
  return {
    format: CERTIFICATE_FORMAT,
    version: VERIFY_VERSION,
    kind: VERIFY_KIND,
    inputSize: net.inputSize,
    layerSizes: layerSizes(net),
    property: { lo: strs(prop.lo), hi: strs(prop.hi), unsafe: prop.unsafe.map((conj) => conj.map((a) => ({ c: strs(a.c), a: strs(a.a), k: toString(a.k) }))) },
  };
}

/** The whole certificate of a sat verdict: the header, the exact counterexample, the footer. */
export function satCertificate(net: Network, property: Property, x: Rational[], disjunct: number): object[] {
  return [verdictHeader(net, affineProperty(property)), { t: 'counterexample', x: x.map(toString), disjunct }, { t: 'end', verdict: 'sat' }];
}
