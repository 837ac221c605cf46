/**
 * `enumerate --vertices --volume`: how the run is set up, checked before any output is opened.
 *
 * One thread: the enumerator hands each region to `regionExtra` (record-fields.ts), which uses
 * the vertex engine's own vertices or enumerates the facets' vertices exactly. Worker threads
 * (--workers) send plain records: their geometry is computed here from the record's facets.
 * `--volume` on an unbounded domain is refused before anything is written, naming the first
 * unbounded region (a run without output finds it: the domain is unbounded, so some region is).
 */
import type { Domain } from '../domain/domain.js';
import { InputError } from '../errors.js';
import { toDouble, toString, type Rational } from '../kernel/rational.js';
import type { Network } from '../network/network.js';
import type { RegionRecord } from '../enumerate/region.js';
import { runEnumeration, type RunOptions } from '../enumerate/run.js';
import { addReduced } from './exact-sum.js';
import { domainShape, geometryFields, geometryOptions, type GeometryRequest } from './record-fields.js';
import { recordShape } from './shape.js';
import { shapeVolume } from './volume.js';

export interface GeometryPlan {
  /** Options to merge into a one-thread run. */
  options: Pick<RunOptions, 'regionExtra'>;
  /** Wraps the record sink: adds the fields to records made in worker threads. */
  wrap<T>(sink: (rec: RegionRecord) => T): (rec: RegionRecord) => T;
  /** Summary fields (JSON): the total volume and the domain's. */
  summaryJson(): Record<string, unknown>;
  /** Summary lines for people. */
  summaryText(): string;
}

const json = (r: Rational) => ({ value: toString(r), approx: toDouble(r) });

/** null when neither flag is given. Throws InputError (one line) for --volume on an unbounded domain. */
export async function planGeometry(
  want: GeometryRequest,
  net: Network,
  domain: Domain,
  workers: number,
  run: RunOptions,
): Promise<GeometryPlan | null> {
  if (!want.vertices && !want.volume) return null;
  want = { vertices: want.vertices, volume: want.volume, flag: '--volume' };
  const d = net.inputSize;
  const dom = domainShape(domain, d);
  if (want.volume && !dom?.bounded) {
    // the regionExtra of a volume run throws the one-line error at the first unbounded region
    await runEnumeration(net, { ...run, merge: false, maxRegions: undefined, certificate: undefined, ...geometryOptions({ volume: true, flag: want.flag }).options });
    throw new InputError(`--volume: the domain is unbounded: its regions' volumes are not all finite`);
  }
  const domainVolume = want.volume && dom ? shapeVolume(dom) : null;
  const threaded = geometryOptions(want);
  let total: Rational = { n: 0n, d: 1n };
  const parallel = workers > 1;
  return {
    options: parallel ? {} : threaded.options,
    wrap: (sink) =>
      parallel
        ? (rec) => {
            const { fields, volume } = geometryFields(recordShape(rec), want, () => `region ${rec.id} (pattern ${rec.pattern})`);
            if (volume) total = addReduced(total, volume);
            return sink({ ...rec, ...fields });
          }
        : sink,
    summaryJson: () => {
      if (!want.volume) return {};
      return { volume: json(parallel ? total : threaded.total.volume), domainVolume: json(domainVolume!) };
    },
    summaryText: () => {
      if (!want.volume) return '';
      const v = parallel ? total : threaded.total.volume;
      return `\nvolume: ${toString(v)} (sum of the regions' exact volumes; the domain's: ${toString(domainVolume!)})`;
    },
  };
}
