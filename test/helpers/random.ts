/** A small seeded generator for mutation tests (fast-check seeds it, so failures replay). */
export type Rand = () => number;

/** mulberry32: uniform in [0, 1). */
export function mulberry32(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(xs: T[], rnd: Rand): T => xs[Math.floor(rnd() * xs.length)];
