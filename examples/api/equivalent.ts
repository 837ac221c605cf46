// Are two networks the same function on the domain? Exact yes, or a point where they differ.
import { equivalence } from 'relu-regions';

const abs = { inputSize: 1, layers: [{ weights: [[1], [-1]], bias: [0, 0] }, { weights: [[1, 1]], bias: [0], activation: 'linear' }] };
const viaTwoX = { inputSize: 1, layers: [{ weights: [[2], [-1]], bias: [0, 0] }, { weights: [['1/2', 1]], bias: [0], activation: 'linear' }] };
console.log((await equivalence(abs, viaTwoX)).answer); // equivalent

const shifted = { inputSize: 1, layers: [{ weights: [[1], [-1]], bias: ['1/1000', 0] }, { weights: [[1, 1]], bias: [0], activation: 'linear' }] };
const r = await equivalence(abs, shifted);
if (r.answer === 'not equivalent') console.log(r.answer, `at x = ${r.x[0].toFraction()}: ${r.y1[0].toFraction()} vs ${r.y2[0].toFraction()}`);
