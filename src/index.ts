/** relu-regions library entry point. */
export * from './kernel/rational.js';
export type { Network, Layer, Activation } from './network/network.js';
export { parseNetworkJson, parseNetworkValue } from './network/parse-json.js';
export { loadNetwork } from './network/load.js';
export { forward } from './network/forward.js';
export type { Domain } from './domain/domain.js';
export { defaultDomain, parseBoxSpec, parseDomainJson, loadDomain } from './domain/domain.js';
export { enumerateRegions, runEnumeration, type RunOptions, type RunSummary } from './enumerate/run.js';
export type { RegionRecord } from './enumerate/region.js';
export { checkRecord } from './certify/check-records.js';
export { InputError } from './errors.js';
export type { FloatLpBackend } from './lp/types.js';
export { denseFloatSimplex } from './lp/dense-float-simplex.js';
export { jsLpSolverBackend } from './lp/js-lp-solver.js';
