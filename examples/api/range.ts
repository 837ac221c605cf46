// Exact range of an output over a box, with points attaining it and a checked certificate.
import { checkCertificate, outputRange } from 'relu-regions';

// y = relu(x0 - x1) - relu(x1) + 1/3: weights as numbers (their exact binary64 values) or exact strings
const net = {
  inputSize: 2,
  layers: [
    { weights: [[1, -1], [0, 1]], bias: [0, 0] },
    { weights: [[1, -1]], bias: ['1/3'], activation: 'linear' },
  ],
};

const r = await outputRange(net, { output: 0, domain: { kind: 'box', lo: ['-1', '-1'], hi: ['1', '1'] }, certificate: true });
console.log(`min ${r.min.value.toFraction()} at (${r.min.point.map((v) => v.toFraction()).join(', ')})`); // min -2/3 at (1, 1)
console.log(`max ${r.max.value.toFraction()} at (${r.max.point.map((v) => v.toFraction()).join(', ')})`); // max 7/3 at (1, -1)
console.log(`${r.regions} regions; certificate ${checkCertificate(net, r.certificate!).valid ? 'valid' : 'INVALID'}`);
