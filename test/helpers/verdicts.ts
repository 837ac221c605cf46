/** Independent re-check of a sat verdict: the point is in the box and the exact outputs satisfy the disjunct. */
import { expect } from 'vitest';
import { cmp } from '../../src/kernel/rational.js';
import { forward } from '../../src/network/forward.js';
import type { Network } from '../../src/network/network.js';
import type { Verdict } from '../../src/verify/verify.js';
import { atomHolds, type Property } from '../../src/verify/vnnlib.js';

export function expectCounterexample(net: Network, prop: Property, v: Verdict): void {
  expect(v.result).toBe('sat');
  if (v.result !== 'sat') return;
  v.x.forEach((xi, i) => {
    expect(cmp(xi, prop.inputBox.lo[i])).toBeGreaterThanOrEqual(0);
    expect(cmp(xi, prop.inputBox.hi[i])).toBeLessThanOrEqual(0);
  });
  const y = forward(net, v.x).output;
  expect(prop.unsafe[v.disjunct].every((a) => atomHolds(a, v.x, y))).toBe(true);
}
