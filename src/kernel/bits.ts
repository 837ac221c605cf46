/** The bit length of |a| (0 for 0), exactly. */
export function bitLength(a: bigint): number {
  if (a < 0n) a = -a;
  if (a === 0n) return 0;
  const h = a.toString(16); // exact: the leading hex digit may have fewer than 4 bits
  return (h.length - 1) * 4 + (32 - Math.clz32(parseInt(h[0], 16)));
}
