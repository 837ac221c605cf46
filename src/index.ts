/**
 * relu-regions library entry point.
 *
 * Queries (api/queries.ts) take a network (the JSON format as an object, or a kernel Network),
 * options with a domain, and return exact answers as fraction.js Fractions, with witnesses,
 * counterexamples and certificates; every certificate is checked by checkCertificate.
 */
export { Fraction, toFraction, toRational, type ExactInput } from './api/exact.js';
export { toDomain, toNetwork, toProperty, type DomainInput, type NetworkInput } from './api/inputs.js';
export {
  countRegions,
  equivalence,
  injectivity,
  lipschitzConstant,
  monotonicity,
  outputRange,
  verify,
  type CertificateOption,
  type CountAnswer,
  type EquivalenceAnswer,
  type Extremum,
  type InjectivityAnswer,
  type LipschitzAnswer,
  type MonotonicityAnswer,
  type QueryOptions,
  type RangeAnswer,
  type SlopeWitness,
  type VerifyAnswer,
} from './api/queries.js';
export { checkCertificate, checkCertificateFile, type CertificateCheck, type CertificateKind, type CheckOptions } from './api/check.js';
export {
  neuronBoundaries,
  polyhedronVertices,
  polytopeVolume,
  regionGeometry,
  regionGraph,
  type BoundaryAnswer,
  type GeometryAnswer,
  type GeometryOptions,
  type GraphAnswer,
  type RegionGeometry,
} from './geometry/api.js';
export { pinNetwork, sliceNetwork, type ReducedNetwork } from './api/slices.js';
export {
  explainData,
  explainPoint,
  type DataExplanation,
  type ExplainDataOptions,
  type ExplainedCluster,
  type ExplainPointOptions,
  type PointExplanation,
} from './explain/api.js';
export { plotSvg, plotPng, plotPicture, type PlotOptions, type PlotAnswer } from './plot/plot.js';
export { barrierSets, drawBarrierSets, type BarrierSets, type BarrierPictureOptions } from './plot/barrier.js';
export { svgToPng } from './plot/png.js';
export { StoppedError, type StopOptions, type StopReason } from './run-control.js';
export type { VerifyStats } from './verify/verify.js';
export { parseVnnlib, loadVnnlib, type Property } from './verify/vnnlib.js';

// the kernel's exact rationals ({n, d}), the formats and the enumeration
export * from './kernel/rational.js';
export type { Network, Layer, Activation } from './network/network.js';
export { parseNetworkJson, parseNetworkValue } from './network/parse-json.js';
export { loadNetwork, loadModel, type Model } from './network/load.js';
export { networkHash } from './network/hash.js';
export { forward } from './network/forward.js';
export type { Domain } from './domain/domain.js';
export { defaultDomain, parseBoxSpec, parseDomainJson, loadDomain } from './domain/domain.js';
export { parseSliceJson, loadSlice, type SliceSpec } from './domain/slice-file.js';
export { enumerateRegions, runEnumeration, type RunOptions, type RunSummary } from './enumerate/run.js';
export type { RegionRecord } from './enumerate/region.js';
export { checkRecord } from './certify/check-records.js';
export { InputError, NoAnswerError } from './errors.js';
export type { FloatLpBackend } from './lp/types.js';
export { denseFloatSimplex } from './lp/dense-float-simplex.js';
export { jsLpSolverBackend } from './lp/js-lp-solver.js';
// research kit (src/research/): seeded random networks, the known region-count formulas, exact
// general-position test, statistics; the studies themselves (vega, cli-progress) are run by `npm run study`
export { randomNetwork, randomNetworkText, parseArch, type RandomNetworkOptions, type RandomNetworkJson, type WeightInit, type BiasInit } from './research/random-network.js';
export { SeededRandom } from './research/rng.js';
export { zaslavskyGeneric, serraUpperBound, montufarLowerBound } from './research/formulas.js';
export { isGenericArrangement } from './research/genericity.js';
export { wilson, linearFit } from './research/stats.js';
export { affineNetwork, closedLoop, compose, concatInput, stack } from './api/algebra.js';
export { networkToJson } from './network/to-json.js';
export { levelSet, invariance, type LevelSetQuery, type InvarianceQuery, type FractionWitness } from './api/barrier.js';
