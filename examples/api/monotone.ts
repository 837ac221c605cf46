// Is an output monotone in an input? Exact, with witness regions of both slope signs otherwise.
import { monotonicity } from 'relu-regions';

const net = {
  inputSize: 2,
  layers: [
    { weights: [[1, -1], [0, 1]], bias: [0, 0] },
    { weights: [[1, -1]], bias: [0], activation: 'linear' },
  ],
};
console.log((await monotonicity(net, { input: 0, output: 0 })).answer); // nondecreasing
const m = await monotonicity(net, { input: 1, output: 0 });
console.log(m.answer, m.counterexamples.increasing?.slope.toFraction()); // nonincreasing -2
