// The exact Lipschitz constant and a region attaining it.
import { lipschitzConstant } from 'relu-regions';

const net = {
  inputSize: 2,
  layers: [
    { weights: [[1, -1], [0, 1]], bias: [0, 0] },
    { weights: [[1, -1]], bias: [0], activation: 'linear' },
  ],
};
const l = await lipschitzConstant(net, { norm: 'inf' });
console.log(`L = ${l.value.toFraction()} on region ${l.pattern}`); // L = 3 on region 11
