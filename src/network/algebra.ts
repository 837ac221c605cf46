/**
 * Exact network algebra, for building closed loops x⁺ = A·x + B·π(x) + c from a ReLU controller
 * π and a plant given by exact matrices (issue 15):
 *   affineNetwork(A, b)   x ↦ A·x + b (one linear layer)
 *   compose(g, f)         x ↦ g(f(x))
 *   stack(f, g)           x ↦ (f(x), g(x)), both on the same inputs
 *   concatInput(f)        x ↦ (x, f(x))
 *   closedLoop(π, A, B, c) = compose(affineNetwork([A B], c), concatInput(π))
 * Every result computes exactly the composed function (rational weights, no rounding). Linear
 * hidden layers are composed into the next layer (merge-linear.ts), so hidden layers stay ReLU.
 *
 * stack of networks of different depths carries the shorter one's output through the longer
 * one's remaining ReLU layers exactly: v = relu(v) − relu(−v), so a value passes a ReLU layer as
 * the pair (relu(v), relu(−v)) and the next layer reads it back as their difference.
 */
import { InputError } from '../errors.js';
import { neg, ONE, ZERO, type Rational } from '../kernel/rational.js';
import { mergeLinearLayers } from './merge-linear.js';
import type { Layer, Network } from './network.js';

const outputs = (net: Network): number => net.layers[net.layers.length - 1].weights.length;
const zeros = (n: number): Rational[] => new Array<Rational>(n).fill(ZERO);
const identity = (n: number): Rational[][] => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? ONE : ZERO)));

/** x ↦ A·x + b: A has one row per output. */
export function affineNetwork(A: Rational[][], b: Rational[]): Network {
  if (A.length === 0) throw new InputError('affine: A has no rows');
  const n = A[0].length;
  if (n === 0) throw new InputError('affine: A has no columns');
  A.forEach((row, i) => {
    if (row.length !== n) throw new InputError(`affine: A[${i}] has ${row.length} entries, A[0] has ${n}`);
  });
  if (b.length !== A.length) throw new InputError(`affine: b has ${b.length} entries, A has ${A.length} rows`);
  return { inputSize: n, layers: [{ weights: A.map((r) => [...r]), bias: [...b], activation: 'linear' }] };
}

/** x ↦ f_k(x): output k of f (numbered from 0) as a one-output network. */
export function selectOutput(f: Network, k: number): Network {
  const n = outputs(f);
  if (!Number.isInteger(k) || k < 0 || k >= n) throw new InputError(`output ${k}: the network has outputs 0..${n - 1}`);
  return compose(affineNetwork([Array.from({ length: n }, (_, j) => (j === k ? ONE : ZERO))], [ZERO]), f);
}

/** x ↦ g(f(x)). */
export function compose(g: Network, f: Network): Network {
  if (outputs(f) !== g.inputSize) throw new InputError(`compose: the inner network has ${outputs(f)} outputs, the outer one ${g.inputSize} inputs`);
  return { inputSize: f.inputSize, layers: mergeLinearLayers([...f.layers, ...g.layers]) };
}

/** Hidden ReLU layers, then one linear output layer: the same function. */
function normalForm(net: Network): { hidden: Layer[]; out: Layer } {
  const layers = mergeLinearLayers(net.layers);
  const last = layers[layers.length - 1];
  if (last.activation === 'linear') return { hidden: layers.slice(0, -1), out: last };
  const n = last.weights.length;
  return { hidden: layers, out: { weights: identity(n), bias: zeros(n), activation: 'linear' } };
}

/** The normal form padded to `depth` hidden layers by carrying the output as (relu(v), relu(−v)). */
function padded(net: Network, depth: number): { hidden: Layer[]; out: Layer } {
  const { hidden, out } = normalForm(net);
  if (hidden.length === depth) return { hidden, out };
  const n = out.weights.length;
  const split: Layer = { weights: [...out.weights, ...out.weights.map((r) => r.map(neg))], bias: [...out.bias, ...out.bias.map(neg)], activation: 'relu' };
  const I = identity(n);
  const minusI = I.map((r) => r.map(neg));
  const carry: Layer = { weights: [...I.map((r, i) => [...r, ...minusI[i]]), ...minusI.map((r, i) => [...r, ...I[i]])], bias: zeros(2 * n), activation: 'relu' };
  const extra = [split, ...Array.from({ length: depth - hidden.length - 1 }, () => carry)];
  return { hidden: [...hidden, ...extra], out: { weights: I.map((r, i) => [...r, ...minusI[i]]), bias: zeros(n), activation: 'linear' } };
}

/** Rows of a (block-diagonal where both read their own previous layer) combined layer. */
function side(a: Layer, b: Layer, shareInput: boolean, activation: Layer['activation']): Layer {
  const na = a.weights[0].length;
  const nb = b.weights[0].length;
  const weights = shareInput
    ? [...a.weights, ...b.weights].map((r) => [...r])
    : [...a.weights.map((r) => [...r, ...zeros(nb)]), ...b.weights.map((r) => [...zeros(na), ...r])];
  return { weights, bias: [...a.bias, ...b.bias], activation };
}

/** x ↦ (f(x), g(x)): the outputs of f first. */
export function stack(f: Network, g: Network): Network {
  if (f.inputSize !== g.inputSize) throw new InputError(`stack: the networks have ${f.inputSize} and ${g.inputSize} inputs`);
  const depth = Math.max(normalForm(f).hidden.length, normalForm(g).hidden.length);
  const F = padded(f, depth);
  const G = padded(g, depth);
  const layers: Layer[] = F.hidden.map((l, k) => side(l, G.hidden[k], k === 0, 'relu'));
  layers.push(side(F.out, G.out, depth === 0, 'linear'));
  return { inputSize: f.inputSize, layers };
}

/** x ↦ (x, f(x)). */
export function concatInput(f: Network): Network {
  const d = f.inputSize;
  return stack(affineNetwork(identity(d), zeros(d)), f);
}

/** The closed loop x ↦ A·x + B·π(x) + c of a controller π (state → control) and exact plant matrices. */
export function closedLoop(controller: Network, A: Rational[][], B: Rational[][], c: Rational[]): Network {
  const d = controller.inputSize;
  const m = outputs(controller);
  if (A.length !== d || A.some((r) => r.length !== d)) throw new InputError(`closed loop: A must be ${d}×${d} (the controller has ${d} inputs)`);
  if (B.length !== d || B.some((r) => r.length !== m)) throw new InputError(`closed loop: B must be ${d}×${m} (${d} states, ${m} controls)`);
  if (c.length !== d) throw new InputError(`closed loop: c must have ${d} entries`);
  return compose(affineNetwork(A.map((r, i) => [...r, ...B[i]]), c), concatInput(controller));
}
