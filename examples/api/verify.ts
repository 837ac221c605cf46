// A VNN-LIB property: unsat (holds, with a certificate) or sat with an exact counterexample.
import { checkCertificate, verify } from 'relu-regions';

const net = {
  inputSize: 2,
  layers: [
    { weights: [[1, -1], [0, 1]], bias: [0, 0] },
    { weights: [[1, -1]], bias: ['1/3'], activation: 'linear' },
  ],
};
const box = '(declare-const X_0 Real) (declare-const X_1 Real) (declare-const Y_0 Real)\n(assert (>= X_0 -1)) (assert (<= X_0 1)) (assert (>= X_1 -1)) (assert (<= X_1 1))\n';

const holds = await verify(net, box + '(assert (<= Y_0 -1))', { certificate: true }); // can y reach -1? no
console.log(holds.result, checkCertificate(net, holds.certificate!).valid); // unsat true

const violated = await verify(net, box + '(assert (>= Y_0 2))', { certificate: true }); // can y reach 2? yes
const { x, y } = violated.counterexample!;
console.log(violated.result, `x = (${x.map((v) => v.toFraction())}), y = ${y[0].toFraction()}`); // sat, e.g. x = (29/32,-29/32), y = 103/48
console.log(checkCertificate(net, violated.certificate!).valid); // true
