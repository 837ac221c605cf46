/**
 * The region files of `enumerate --shard i/N --out FILE`: a header line naming the network (its
 * hash), the domain and the part, the region records, and an end line with the part's count,
 * written only if the part ran to completion. `merge` reads them back and refuses parts that
 * do not belong together.
 *
 *   {"t":"shard","network":"sha256:…","domain":{…},"shard":"2/4","inputSize":2}
 *   {"id":0,"pattern":"…",…}                       (region records, as enumerate writes them)
 *   {"t":"end","regions":123}
 */
import type { Domain } from '../domain/domain.js';
import { domainToJson } from '../domain/domain.js';
import { networkHash } from '../network/hash.js';
import type { Network } from '../network/network.js';
import type { ShardSpec } from './shard.js';

export interface ShardHeader {
  t: 'shard';
  network: string;
  domain: unknown;
  shard: string;
  inputSize: number;
}

export interface ShardEnd {
  t: 'end';
  regions: number;
}

export function shardHeader(net: Network, domain: Domain, shard: ShardSpec): ShardHeader {
  return { t: 'shard', network: networkHash(net), domain: domainToJson(domain), shard: `${shard.index + 1}/${shard.count}`, inputSize: net.inputSize };
}

export const shardEnd = (regions: number): ShardEnd => ({ t: 'end', regions });
