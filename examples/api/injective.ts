// Is the network one-to-one? Exact yes (with a certificate), or a pair x != y with f(x) = f(y).
import { checkCertificate, injectivity } from 'relu-regions';

const leaky = { inputSize: 1, layers: [{ weights: [[1], [-1]], bias: [0, 0] }, { weights: [[1, '-1/2']], bias: [0], activation: 'linear' }] };
const yes = await injectivity(leaky, { certificate: true });
console.log(yes.answer, yes.answer === 'injective' && checkCertificate(leaky, yes.certificate!).valid); // injective true

const fold = { inputSize: 1, layers: [{ weights: [[1], [-1]], bias: [0, 0] }, { weights: [[1, 1]], bias: [0], activation: 'linear' }] };
const no = await injectivity(fold);
if (no.answer === 'not injective') console.log(no.answer, `f(${no.x[0].toFraction()}) = f(${no.y[0].toFraction()})`); // |x|
