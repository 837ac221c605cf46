/**
 * Seeded random networks (`relu-regions random`, `randomNetwork`): the same options give the
 * same network, byte for byte, on every machine (rng.ts: pure-rand and basic IEEE operations).
 *
 * Draw order (part of the format's reproducibility promise): layer by layer; in each layer the
 * weights row by row (one row per output neuron), then the biases. With `float32`, every value
 * is rounded by Math.fround after scaling, so the network holds exact binary32 values.
 *
 * Initialisations (fan_in = inputs of the layer, fan_out = its outputs):
 *   he        N(0, 2/fan_in)                         (He et al. 2015, for ReLU)
 *   xavier    U(−a, a), a = √(6/(fan_in+fan_out))    (Glorot and Bengio 2010, "uniform")
 *   uniform   U(−1, 1)
 *   gaussian  N(0, 1)
 * Biases: zero, uniform U(−1, 1) or gaussian N(0, 1), times `biasScale` (default 1).
 */
import { InputError } from '../errors.js';
import { SeededRandom } from './rng.js';

export type WeightInit = 'he' | 'xavier' | 'uniform' | 'gaussian';
export type BiasInit = 'zero' | 'uniform' | 'gaussian';

export const WEIGHT_INITS: readonly WeightInit[] = ['he', 'xavier', 'uniform', 'gaussian'];
export const BIAS_INITS: readonly BiasInit[] = ['zero', 'uniform', 'gaussian'];

export interface RandomNetworkOptions {
  /** Layer widths including the input: [d, n_1, ..., n_L] (at least two entries). */
  arch: readonly number[];
  seed: number;
  init?: WeightInit;
  bias?: BiasInit;
  biasScale?: number;
  /** Round every value to float32 (exact binary32 values). */
  float32?: boolean;
  /** The last layer is linear (a read-out) instead of ReLU. */
  linearLast?: boolean;
}

/** The JSON network format as an object; numbers are exact binary64 (or binary32) values. */
export interface RandomNetworkJson {
  inputSize: number;
  layers: { weights: number[][]; bias: number[]; activation: 'relu' | 'linear' }[];
}

/** Parses "2-16-16-1" into [2, 16, 16, 1]. */
export function parseArch(spec: string, place = '--arch'): number[] {
  const parts = spec.split('-');
  const widths = parts.map((p) => (/^\s*[0-9]+\s*$/.test(p) ? Number(p) : NaN));
  if (parts.length < 2 || widths.some((w) => !Number.isSafeInteger(w) || w < 1)) {
    throw new InputError(`${place}: expected widths such as 2-16-16-1 (input first, each at least 1), got ${JSON.stringify(spec)}`);
  }
  return widths;
}

function checkOptions(o: RandomNetworkOptions): void {
  if (!Array.isArray(o.arch) || o.arch.length < 2 || o.arch.some((w) => !Number.isSafeInteger(w) || w < 1)) {
    throw new InputError(`arch: expected at least two positive integer widths (input first), got ${JSON.stringify(o.arch)}`);
  }
  if (o.init !== undefined && !WEIGHT_INITS.includes(o.init)) throw new InputError(`init: expected one of ${WEIGHT_INITS.join(', ')}, got ${JSON.stringify(o.init)}`);
  if (o.bias !== undefined && !BIAS_INITS.includes(o.bias)) throw new InputError(`bias: expected one of ${BIAS_INITS.join(', ')}, got ${JSON.stringify(o.bias)}`);
  if (o.biasScale !== undefined && !(Number.isFinite(o.biasScale) && o.biasScale >= 0)) throw new InputError(`biasScale: expected a finite number >= 0, got ${String(o.biasScale)}`);
}

/** A seeded random fully connected network in the JSON format (pass it to any query). */
export function randomNetwork(options: RandomNetworkOptions): RandomNetworkJson {
  checkOptions(options);
  const rng = new SeededRandom(options.seed);
  const init = options.init ?? 'he';
  const biasInit = options.bias ?? 'zero';
  const biasScale = options.biasScale ?? 1;
  const round = options.float32 ? Math.fround : (x: number) => x;
  // -0 would print as 0 in JSON; normalise so the object and its JSON agree
  const value = (x: number) => {
    const r = round(x);
    return r === 0 ? 0 : r;
  };
  const layers: RandomNetworkJson['layers'] = [];
  const { arch } = options;
  for (let l = 1; l < arch.length; l++) {
    const fanIn = arch[l - 1];
    const fanOut = arch[l];
    const weight = (): number => {
      switch (init) {
        case 'he':
          return rng.gaussian() * Math.sqrt(2 / fanIn);
        case 'xavier': {
          const a = Math.sqrt(6 / (fanIn + fanOut));
          return rng.uniform(-a, a);
        }
        case 'uniform':
          return rng.uniform(-1, 1);
        case 'gaussian':
          return rng.gaussian();
      }
    };
    const weights = Array.from({ length: fanOut }, () => Array.from({ length: fanIn }, () => value(weight())));
    const bias = Array.from({ length: fanOut }, () =>
      biasInit === 'zero' ? 0 : value((biasInit === 'uniform' ? rng.uniform(-1, 1) : rng.gaussian()) * biasScale),
    );
    const last = l === arch.length - 1;
    layers.push({ weights, bias, activation: last && options.linearLast ? 'linear' : 'relu' });
  }
  return { inputSize: arch[0], layers };
}

/** The network as the JSON file `relu-regions random` writes (one line per layer). */
export function randomNetworkText(net: RandomNetworkJson): string {
  const layers = net.layers.map((l) => JSON.stringify(l)).join(',\n  ');
  return `{"inputSize": ${net.inputSize}, "layers": [\n  ${layers}\n]}\n`;
}
