// Activation and linear regions of a network on a box.
import { countRegions } from 'relu-regions';

// three lines through the point (1/3, 1/3): 6 regions (a float-rounding tool may see 7)
const net = {
  inputSize: 2,
  layers: [{ weights: [[1, 0], [0, 1], [1, 1]], bias: ['-1/3', '-1/3', '-2/3'] }],
};
const c = await countRegions(net, { domain: '-1,1', linear: true });
console.log(`${c.activationRegions} activation regions, ${c.linearRegions} linear regions`); // 6, 6
