/**
 * Writes the enumeration's split tree as certificate lines (format in certify/format.ts),
 * in the preorder in which the enumerator visits it.
 */
import {
  CERTIFICATE_FORMAT,
  CERTIFICATE_VERSION,
  type CertificateLine,
} from '../certify/format.js';
import { domainToJson, type Domain } from '../domain/domain.js';
import { pointToRationals } from '../kernel/intvec.js';
import { gcd, rat, toString } from '../kernel/rational.js';
import type { Row } from '../lp/interior.js';
import type { EmptyLeaf } from './enumerate.js';
import type { Network } from '../network/network.js';
import { mapToRationals } from './affine.js';
import type { Region } from './region.js';

export class CertificateWriter {
  regions = 0;
  emptyLeaves = 0;

  constructor(private readonly sink: (line: CertificateLine) => void) {}

  header(net: Network, domain: Domain): void {
    this.sink({
      format: CERTIFICATE_FORMAT,
      version: CERTIFICATE_VERSION,
      kind: 'enumeration',
      inputSize: net.inputSize,
      layerSizes: net.layers.map((l) => l.weights.length),
      domain: domainToJson(domain),
    });
  }

  split(layer: number, neuron: number, g: bigint[], e: bigint, den: bigint): void {
    this.sink({ t: 'split', layer, neuron, h: { g: g.map((v) => fraction(v, den)), e: fraction(e, den) } });
  }

  constant(layer: number, neuron: number, e: bigint, den: bigint): void {
    this.sink({ t: 'const', layer, neuron, value: fraction(e, den) });
  }

  region(r: Region): void {
    const map = mapToRationals(r.map);
    this.sink({
      t: 'region',
      id: this.regions++,
      pattern: r.pattern.join('|'),
      witness: pointToRationals(r.witness).map(toString),
      map: { W: map.W.map((row) => row.map(toString)), c: map.c.map(toString) },
      ...r.certExtra,
    });
  }

  /** The certificate's rows are primitive: a row that is f × its primitive form carries f·y. */
  empty({ rows, rowIds, motzkin: y }: EmptyLeaf): void {
    this.emptyLeaves++;
    const motzkin: [number, string][] = [];
    y.forEach((v, i) => {
      if (v !== 0n) motzkin.push([rowIds[i], (v * rowFactor(rows[i])).toString()]);
    });
    this.sink({ t: 'empty', motzkin });
  }

  end(): void {
    this.sink({ t: 'end', regions: this.regions, emptyLeaves: this.emptyLeaves });
  }
}

/** gcd of a row's entries, cached on the row: rows are shared by every leaf below their split. */
const factors = new WeakMap<Row, bigint>();
export function rowFactor(row: Row): bigint {
  let g = factors.get(row);
  if (g === undefined) {
    g = row.b < 0n ? -row.b : row.b;
    for (const v of row.a) g = gcd(g, v);
    factors.set(row, g);
  }
  return g;
}

/** n/den in lowest terms (rat reduces power-of-two denominators without a gcd). */
const fraction = (n: bigint, den: bigint): string => toString(rat(n, den));
