/**
 * Colours for pictures: colour-blind-friendly categorical palettes (Okabe–Ito, Tableau 10),
 * viridis for values, and a greedy colouring that gives neighbouring regions different colours.
 */

/**
 * Okabe and Ito's palette (without black): distinguishable with the common colour-vision
 * deficiencies; ordered so that the first five are the most distinct (blue and sky blue apart).
 */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442'];

/** Tableau 10. */
export const TABLEAU10 = ['#4E79A7', '#F28E2B', '#E15759', '#76B7B2', '#59A14F', '#EDC948', '#B07AA1', '#FF9DA7', '#9C755F', '#BAB0AC'];

/** Neuron boundaries by layer: dark, saturated, readable over the light region fills. */
export const LAYER_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

/** Viridis at 0, 0.1, ..., 1 (matplotlib), interpolated linearly in between. */
const VIRIDIS = ['#440154', '#482475', '#414487', '#355f8d', '#2a788e', '#21918c', '#22a884', '#44bf70', '#7ad151', '#bddf26', '#fde725'];

const rgb = (hex: string): [number, number, number] => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
const hex = (c: readonly number[]): string => '#' + c.map((v) => Math.round(Math.max(0, Math.min(255, v))).toString(16).padStart(2, '0')).join('');

/** `color` mixed with white: t = 0 keeps it, t = 1 is white. */
export const lighten = (color: string, t: number): string => hex(rgb(color).map((v) => v + (255 - v) * t));

/** Viridis at t in [0, 1] (clamped). */
export function viridis(t: number): string {
  const x = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(Math.floor(x), VIRIDIS.length - 2);
  const a = rgb(VIRIDIS[i]);
  const b = rgb(VIRIDIS[i + 1]);
  const f = x - i;
  return hex(a.map((v, k) => v + (b[k] - v) * f));
}

/** The i-th category colour: Okabe–Ito first, then Tableau 10, then repeats. */
export const categoryColor = (i: number): string => {
  const all = [...OKABE_ITO, ...TABLEAU10];
  return all[i % all.length];
};

/** Light fills for region colourings: Tableau 10 at two lightnesses (20 colours). */
export const REGION_FILLS = [...TABLEAU10.map((c) => lighten(c, 0.55)), ...TABLEAU10.map((c) => lighten(c, 0.78))];

/**
 * A colour index (into a palette of `size` colours) for each of `n` nodes such that nodes
 * joined by an edge differ whenever the palette allows it: greedy in node order, each node
 * taking, of the colours its coloured neighbours do not use, the one used least so far (so the
 * picture uses the whole palette, not just its first colours).
 */
export function greedyColoring(n: number, edges: readonly (readonly [number, number])[], size: number): number[] {
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (const [u, v] of edges) {
    if (u === v) continue;
    adj[u].push(v);
    adj[v].push(u);
  }
  const color = new Array<number>(n).fill(-1);
  const used = new Array<number>(size).fill(0);
  for (let u = 0; u < n; u++) {
    const taken = new Set(adj[u].map((v) => color[v]));
    let best = -1;
    for (let c = 0; c < size; c++) if (!taken.has(c) && (best < 0 || used[c] < used[best])) best = c;
    if (best < 0) best = u % size; // more neighbours than colours: some neighbours share one
    color[u] = best;
    used[best]++;
  }
  return color;
}
