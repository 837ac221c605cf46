import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DenominatorGcd } from '../src/kernel/den-gcd.js';
import { gcd } from '../src/kernel/rational.js';
import { preActivations, type IntAffine } from '../src/enumerate/affine.js';
import { NextLayerMaps } from '../src/enumerate/next-layer-maps.js';
import type { IntLayer } from '../src/network/integer-network.js';

const big = fc.bigInt({ min: -(1n << 300n), max: 1n << 300n });
// denominators like those of decimal (.nnet) maps: 2^a 5^b times small primes and a long rest
const den = fc
  .tuple(fc.nat(80), fc.nat(80), fc.nat(3), fc.constantFrom(1n, 3n, 53n * 379n, 314159265359n, (1n << 89n) - 1n, 997n * 1009n))
  .map(([a, b, c, r]) => (1n << BigInt(a)) * 5n ** BigInt(b) * 3n ** BigInt(c) * r);

describe('DenominatorGcd', () => {
  it('equals the gcd', () => {
    fc.assert(
      fc.property(den, big, fc.nat(40), (D, v, k) => {
        const f = DenominatorGcd.of(D);
        expect(f.gcd(v)).toBe(v === 0n ? D : gcd(v, D));
        const w = v * 5n ** BigInt(k) * 2n ** BigInt(k); // many shared factors
        expect(f.gcd(w)).toBe(w === 0n ? D : gcd(w, D));
        expect(f.gcd(D * 7n)).toBe(D);
      }),
      { numRuns: 500 },
    );
  });
});

describe('NextLayerMaps', () => {
  it('gives preActivations exactly for any sequence of bit patterns', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom(1n, 8n, 1000n, 6n),
        fc.infiniteStream(fc.nat()),
        (d, nIn, n, layerDen, seeds) => {
          const it = seeds[Symbol.iterator]();
          const rnd = (m: bigint) => BigInt(it.next().value % Number(2n * m + 1n)) - m;
          const input: IntAffine = {
            M: Array.from({ length: nIn }, () => Array.from({ length: d }, () => rnd(1n << 40n) * (1n << 40n) + rnd(1000n))),
            c: Array.from({ length: nIn }, () => rnd(1n << 60n)),
            den: 12n,
          };
          const layer: IntLayer = {
            W: Array.from({ length: n }, () => Array.from({ length: nIn }, () => (it.next().value % 4 === 0 ? 0n : rnd(1n << 30n)))),
            b: Array.from({ length: n }, () => rnd(1n << 20n)),
            den: layerDen,
            relu: true,
          };
          const next = new NextLayerMaps(layer, input, d);
          for (let t = 0; t < 6; t++) {
            const bits = t === 5 ? null : Uint8Array.from({ length: nIn }, () => it.next().value % 2);
            expect(next.map(bits)).toEqual(preActivations(layer, input, d, bits));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
