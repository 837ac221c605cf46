// Region counts against theory, in one process (the research studies' small core):
// one hidden layer of n He-initialised ReLUs with random biases on the whole plane R^2 has
// exactly Zaslavsky's 1 + n + n(n−1)/2 regions when its lines are in general position;
// deeper nets on a box grow far below the exponential bounds.
// Run: npx tsx examples/research/counts.ts   (the full studies: npm run study -- counts)
import { countRegions, randomNetwork, zaslavskyGeneric } from 'relu-regions';

for (const n of [2, 4, 8, 16]) {
  const net = randomNetwork({ arch: [2, n], seed: n, bias: 'gaussian' });
  const c = await countRegions(net, { domain: { kind: 'whole' }, linear: false });
  console.log(`one layer of ${n} on R^2: ${c.activationRegions} regions, Zaslavsky ${zaslavskyGeneric(n, 2)}`);
}
for (const width of [4, 8, 16]) {
  const net = randomNetwork({ arch: [2, width, width], seed: 7, bias: 'gaussian' });
  const c = await countRegions(net, { domain: '-1,1', linear: false });
  console.log(`2-${width}-${width} on [-1,1]^2: ${c.activationRegions} regions`);
}
