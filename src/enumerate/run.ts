/**
 * Drives an enumeration: minimal H-representations, linear-region merging, limits, stopping,
 * and the summary with the certification counters. Used by the library API and the CLI.
 */
import type { CertificateLine } from '../certify/format.js';
import { describeDomain, domainToJson } from '../domain/domain.js';
import { InputError } from '../errors.js';
import { CertificateWriter } from './certificate-writer.js';
import type { Network } from '../network/network.js';
import { createEnumeration, type EnumerateOptions } from './enumerate.js';
import { facetIndices } from './facets.js';
import { LinearRegionMerger } from './merge.js';
import { regionRecord, type Region, type RegionRecord } from './region.js';

export interface RunOptions extends EnumerateOptions {
  /** Print only facets (minimal H-representation). Default true. */
  minimal?: boolean;
  /** Count linear regions (needs facets, keeps them in memory). Default false. */
  merge?: boolean;
  /** Stop after this many activation regions; the summary says partial. */
  maxRegions?: number;
  /** Polled between regions; returning true stops the run (e.g. on SIGINT). */
  shouldStop?: () => boolean;
  /** Called with the running count, about every `progressMs`. */
  onProgress?: (regions: number, seconds: number) => void;
  progressMs?: number;
  /** Receives the certificate of completeness line by line (exact mode only). */
  certificate?: (line: CertificateLine) => void;
  /**
   * Called on each region as it is found, with its facets (rows of `region`) and id; the fields
   * it returns are added to the region's record (geometry/: --vertices, --volume, graph).
   */
  regionExtra?: (region: Region, facets: number[], id: number) => Partial<RegionRecord> | undefined;
}

export interface RunSummary {
  activationRegions: number;
  linearRegions: number | null;
  lpSolves: number;
  certified: { witness: number; motzkin: number; exactSimplex: number; vertexSignsFiltered: number; vertexSignsExact: number };
  mode: 'exact' | 'float (UNSOUND: float decisions, nothing certified)';
  seconds: number;
  domain: unknown;
  domainText: string;
  partial: boolean;
  stopReason?: 'max-regions' | 'interrupted';
}

/**
 * Library API: the regions as an async iterator, streamed as they are found (with `merge`, at
 * the end, each with its linear-region id: merging needs all regions first). With
 * `records: false` no records are built (counting only). `report.summary` is set at the end.
 */
export async function* enumerateRegions(
  net: Network,
  options: RunOptions & { records?: boolean } = {},
  report: { summary?: RunSummary } = {},
): AsyncGenerator<RegionRecord> {
  const start = performance.now();
  // counting only (no records, no certificate, no extras): any certified witness will do
  const anyWitness = options.records === false && !options.certificate && !options.regionExtra;
  const en = createEnumeration(net, { anyWitness, mapHashes: options.merge ?? false, ...options }); // checks a hand-built network and the options (network/validate.ts)
  if (options.certificate && options.float) throw new InputError('--certificate needs exact mode (not --float)');
  const cert = options.certificate ? new CertificateWriter(options.certificate) : null;
  cert?.header(net, en.domain);
  const minimal = options.minimal ?? true;
  const wantRecords = options.records ?? true;
  const merger = options.merge ? new LinearRegionMerger(en.d, en.decider, { mapOf: en.mapOf, rowsOf: en.rowsOf }) : null;
  const buffered: RegionRecord[] = [];
  let count = 0;
  let stopReason: RunSummary['stopReason'];
  let lastYield = performance.now();
  let lastProgress = lastYield;
  const progressMs = options.progressMs ?? 250;

  for (const region of en.regions(cert ?? undefined)) {
    const needFacets = (wantRecords && minimal) || options.regionExtra;
    const facets = needFacets ? (region.facets?.() ?? facetIndices(region.rows, region.witness, en.decider)) : undefined;
    const id = count++;
    // the merger decides shared facets exactly from any rows: facets when known, else all rows
    // (redundant rows add candidates, never wrong unions), so merging computes no facets itself;
    // the vertex engine's facets are read only for a region that enters a group of equal maps
    if (merger) {
      // the map is read only if the region enters a group: its hash comes without it (Region.mapHash)
      const map = () => region.map;
      if (facets) merger.addMap(facets.map((i) => region.rows[i]), map, region.pattern, undefined, region.mapHash);
      else {
        const { rows } = region;
        const vertexFacets = region.facets;
        merger.addMap(rows, map, region.pattern, vertexFacets && (() => vertexFacets().map((i) => rows[i])), region.mapHash);
      }
    }
    const extra = options.regionExtra?.(region, facets!, id);
    if (wantRecords) {
      const rec = regionRecord(id, region, minimal ? facets : undefined);
      if (extra) Object.assign(rec, extra);
      if (merger) buffered.push(rec);
      else yield rec;
    }
    const now = performance.now();
    if (options.onProgress && now - lastProgress > progressMs) {
      lastProgress = now;
      options.onProgress(count, (now - start) / 1000);
    }
    if (now - lastYield > 20) {
      await new Promise((r) => setImmediate(r)); // let signal handlers and I/O run
      lastYield = performance.now();
    }
    if (options.maxRegions !== undefined && count >= options.maxRegions) {
      stopReason = 'max-regions';
      break;
    }
    if (options.shouldStop?.()) {
      stopReason = 'interrupted';
      break;
    }
  }

  if (!stopReason) cert?.end(); // a partial run leaves the tree open: the checker rejects it
  let linearRegions: number | null = null;
  if (merger) {
    const { ids, count: n } = merger.components();
    linearRegions = n;
    for (const rec of buffered) yield { ...rec, linearRegion: ids[rec.id] };
  }
  const s = en.stats;
  report.summary = {
    activationRegions: count,
    linearRegions,
    lpSolves: s.lpSolves,
    certified: {
      witness: s.witness,
      motzkin: s.motzkin,
      exactSimplex: s.exactSimplex,
      vertexSignsFiltered: s.vertexSignsFiltered,
      vertexSignsExact: s.vertexSignsExact,
    },
    mode: options.float ? 'float (UNSOUND: float decisions, nothing certified)' : 'exact',
    seconds: (performance.now() - start) / 1000,
    domain: domainToJson(en.domain),
    domainText: describeDomain(en.domain, en.d),
    partial: stopReason !== undefined,
    ...(stopReason ? { stopReason } : {}),
  };
}

/** Runs to the end, handing each record to `onRecord`; returns the summary. */
export async function runEnumeration(
  net: Network,
  options: RunOptions,
  onRecord?: (rec: RegionRecord) => void | Promise<void>,
): Promise<RunSummary> {
  const report: { summary?: RunSummary } = {};
  for await (const rec of enumerateRegions(net, { ...options, records: onRecord !== undefined }, report)) {
    await onRecord?.(rec);
  }
  return report.summary!;
}
