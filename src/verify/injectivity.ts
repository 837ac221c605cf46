/**
 * Exact injectivity on a domain.
 * 1. Every full-dimensional region's map must have full column rank: a kernel direction v of a
 *    region's map gives f(w) = f(w + εv) for its witness w (both inside the region).
 * 2. One ReLU layer: (1) is also sufficient — full rank of the active rows on every region.
 * 3. Deeper nets: local full rank is NOT sufficient (the fold (|x1|, x2) has |det| = 1
 *    everywhere). For every pair of regions j <= k, the polyhedron
 *    {(x, y) : x ∈ P_j, y ∈ P_k, A_j x + c_j = A_k y + c_k} must lie in {x = y}: maximise
 *    ±(x_i − y_i) over it exactly (2n LPs, a positive spanning set of directions); a positive
 *    maximum gives the pair. Pairs whose exact output bounding boxes are disjoint are skipped.
 */
import type { Domain } from '../domain/domain.js';
import { createEnumeration, type EnumerateOptions } from '../enumerate/enumerate.js';
import type { IntAffine } from '../enumerate/affine.js';
import type { Region } from '../enumerate/region.js';
import { nudgeInside, pointToRationals, type Point } from '../kernel/intvec.js';
import { integerNullspace } from '../kernel/nullspace.js';
import { eq, type Rational } from '../kernel/rational.js';
import { forward } from '../network/forward.js';
import { layerSizes, type Network } from '../network/network.js';
import { CERTIFICATE_FORMAT, CERTIFICATE_VERSION } from '../certify/format.js';
import { INJECTIVE_KIND } from '../certify/injective-checker.js';
import { domainToJson } from '../domain/domain.js';
import { CertificateWriter } from '../enumerate/certificate-writer.js';
import { checkQuery } from '../network/validate.js';
import { Pacer, splitStopOptions, type StopOptions, type StopReason } from '../run-control.js';
import { earlierOf, independentRows, pairProof, type Earlier } from './injectivity-certificate.js';

export type Injectivity =
  | { injective: true; regions: number; method: 'single layer: full rank on every region' | 'full rank and pairwise LPs'; pairsChecked: number }
  | { injective: false; x: Rational[]; y: Rational[]; reason: string }
  /** Stopped before an answer (run-control.ts): no pair found among what was searched. */
  | { injective: null; stopped: StopReason; regions: number; pairsChecked: number };

export interface PairSearch {
  /** Exact maximiser search over two regions' joint polyhedron; returns a pair x != y with f(x) = f(y), or null. */
  (a: Region, b: Region, d: number): { x: Point; y: Point } | null;
}

/**
 * `certificate` receives an injectivity certificate (certify/injective-checker.ts) when the answer
 * is injective: the split tree, each region leaf with its full-rank minor and, for deeper nets,
 * its pair proofs against every earlier region (then every pair is checked by LPs, none skipped).
 */
export async function injectivity(
  net: Network,
  domain: Domain | undefined,
  pairSearch: PairSearch | null,
  options: EnumerateOptions & StopOptions & { certificate?: (line: object) => void; lpStats?: { lpSolves: number } } = {},
): Promise<Injectivity> {
  checkQuery(net, domain, options);
  const d = net.inputSize;
  const [stop, { certificate, lpStats, ...enumerateOptions }] = splitStopOptions(options);
  const pacer = new Pacer(stop);
  const singleLayer = net.layers.length === 1 && net.layers[0].activation === 'relu';
  const enumeration = createEnumeration(net, { ...enumerateOptions, domain });
  const writer = certificate ? new CertificateWriter(certificate) : undefined;
  certificate?.({ format: CERTIFICATE_FORMAT, version: CERTIFICATE_VERSION, kind: INJECTIVE_KIND, inputSize: d, layerSizes: layerSizes(net), domain: domainToJson(enumeration.domain) });
  const regions: Region[] = [];
  const earlier: Earlier[] = [];
  let pairsProved = 0;
  for (const region of enumeration.regions(writer)) {
    const kernel = kernelDirection(region.map, d);
    if (kernel) {
      const y = nudgeInside(region.witness, kernel, region.rows);
      return confirm(net, region.witness, y, `the map of region ${region.pattern.join('|')} has rank < ${d}`);
    }
    if (writer) {
      const me = earlierOf(region);
      const pairs: Record<string, unknown>[] = [];
      for (const [j, e] of singleLayer ? [] : earlier.entries()) {
        const outcome = pairProof(e, me, d, lpStats ?? { lpSolves: 0 });
        if ('x' in outcome) return confirm(net, outcome.x, outcome.y, `regions ${j} and ${earlier.length} meet the same output`);
        pairs.push(outcome.proof);
        pairsProved++;
        if (await pacer.tick()) return stopped(regions.length, pairsProved);
      }
      region.certExtra = singleLayer ? { minor: independentRows(region.map.M, d) } : { minor: independentRows(region.map.M, d), pairs };
      earlier.push(me);
    }
    regions.push(region);
    if (await pacer.tick()) return stopped(regions.length, pairsProved);
  }
  if (writer) {
    writer.end();
    const method = singleLayer ? 'single layer: full rank on every region' : 'full rank and pairwise LPs';
    return { injective: true, regions: regions.length, method, pairsChecked: pairsProved };
  }
  if (singleLayer) return { injective: true, regions: regions.length, method: 'single layer: full rank on every region', pairsChecked: 0 };
  if (!pairSearch) throw new Error('injectivity: deeper networks need the pairwise LP search');
  let pairsChecked = 0;
  // j = k needs no LP: a full-rank map sends distinct points to distinct points
  for (let j = 0; j < regions.length; j++) {
    for (let k = j + 1; k < regions.length; k++) {
      pairsChecked++;
      const pair = pairSearch(regions[j], regions[k], d);
      if (pair) return confirm(net, pair.x, pair.y, `regions ${regions[j].pattern.join('|')} and ${regions[k].pattern.join('|')} meet the same output`);
      if (await pacer.tick()) return stopped(regions.length, pairsChecked);
    }
  }
  return { injective: true, regions: regions.length, method: 'full rank and pairwise LPs', pairsChecked };

  function stopped(regionCount: number, pairs: number): Injectivity {
    return { injective: null, stopped: pacer.reason!, regions: regionCount, pairsChecked: pairs };
  }
}

/** A nonzero v with M v = 0 (the map's Jacobian has rank < d), or null. */
function kernelDirection(map: IntAffine, d: number): bigint[] | null {
  const basis = integerNullspace(map.M, d);
  return basis.length > 0 ? basis[0] : null;
}


/** Re-evaluates the pair with the exact forward pass before reporting it. */
function confirm(net: Network, xp: Point, yp: Point, reason: string): Injectivity {
  const x = pointToRationals(xp);
  const y = pointToRationals(yp);
  const fx = forward(net, x).output;
  const fy = forward(net, y).output;
  if (x.every((v, i) => eq(v, y[i])) || !fx.every((v, i) => eq(v, fy[i]))) {
    throw new Error('injectivity: internal error: the witness pair does not check');
  }
  return { injective: false, x, y, reason };
}
