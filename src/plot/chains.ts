/**
 * Joins exact segments that share end points (decided exactly, on reduced points) into
 * polylines, so that a level set crossing many regions is drawn as one continuous line (dash
 * patterns and line joins then look right).
 */
import { reducePoint, type Point } from '../kernel/intvec.js';

const key = (pt: Point): string => {
  const r = reducePoint(pt);
  return `${r.p.join(',')}/${r.q}`;
};

/** Polylines (lists of points) covering every segment exactly once. */
export function chainSegments(segments: readonly [Point, Point][]): Point[][] {
  const ends = new Map<string, number[]>();
  const keys = segments.map(([a, b]) => [key(a), key(b)] as const);
  keys.forEach(([a, b], i) => {
    for (const k of [a, b]) {
      const list = ends.get(k);
      if (list) list.push(i);
      else ends.set(k, [i]);
    }
  });
  const used = new Uint8Array(segments.length);
  const chains: Point[][] = [];
  // extend from the segment's end `k` while some unused segment continues there
  const extend = (chain: Point[], k: string) => {
    for (;;) {
      const next = ends.get(k)?.find((j) => !used[j]);
      if (next === undefined) return;
      used[next] = 1;
      const [a, b] = keys[next];
      const forward = a === k;
      chain.push(forward ? segments[next][1] : segments[next][0]);
      k = forward ? b : a;
    }
  };
  // polylines start at an end of odd degree when they have one; closed loops are what is left
  const odd = (k: string) => ends.get(k)!.length % 2 === 1;
  const order = [...segments.keys()].sort((i, j) => Number(!keys[i].some(odd)) - Number(!keys[j].some(odd)));
  for (const i of order) {
    if (used[i]) continue;
    used[i] = 1;
    const [a, b] = keys[i];
    const fromA = odd(a) || !odd(b);
    const chain = fromA ? [segments[i][0], segments[i][1]] : [segments[i][1], segments[i][0]];
    extend(chain, fromA ? b : a);
    const back: Point[] = [chain[0]]; // and the other way, for a start inside a polyline
    extend(back, fromA ? a : b);
    chains.push([...back.slice(1).reverse(), ...chain]);
  }
  return chains;
}
