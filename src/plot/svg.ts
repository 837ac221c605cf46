/**
 * A small SVG writer: elements as strings, attributes escaped, coordinates rounded to 0.01 px.
 * Floats appear here only as drawing coordinates; every decision about what to draw is made
 * exactly before (scene.ts, level-set.ts, clip.ts).
 */

export type Attrs = Record<string, string | number | undefined | null>;

/** XML text and attribute escaping. */
export const escapeXml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A coordinate or length for the file: at most two decimals, no "-0". */
export function num(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`svg: non-finite number ${x}`);
  const r = Math.round(x * 100) / 100;
  return Object.is(r, -0) || r === 0 ? '0' : String(r);
}

function attrText(attrs: Attrs): string {
  let s = '';
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    s += ` ${k}="${typeof v === 'number' ? num(v) : escapeXml(v)}"`;
  }
  return s;
}

/** `<name attrs/>` or `<name attrs>children</name>` (children already SVG). */
export function el(name: string, attrs: Attrs = {}, ...children: string[]): string {
  const inner = children.join('');
  return inner === '' ? `<${name}${attrText(attrs)}/>` : `<${name}${attrText(attrs)}>${inner}</${name}>`;
}

/** A text element (its content escaped). */
export const text = (x: number, y: number, content: string, attrs: Attrs = {}): string => el('text', { x, y, ...attrs }, escapeXml(content));

/** Path data of a closed polygon. */
export function polygonPath(pts: readonly (readonly [number, number])[]): string {
  let s = '';
  pts.forEach(([x, y], i) => (s += `${i === 0 ? 'M' : 'L'}${num(x)} ${num(y)}`));
  return s + 'Z';
}

/** Path data of separate segments (one "M a L b" each): many lines in one element. */
export function segmentsPath(segs: readonly (readonly [readonly [number, number], readonly [number, number]])[]): string {
  let s = '';
  for (const [[x0, y0], [x1, y1]] of segs) s += `M${num(x0)} ${num(y0)}L${num(x1)} ${num(y1)}`;
  return s;
}

/** Path data of an open polyline. */
export function polylinePath(pts: readonly (readonly [number, number])[]): string {
  let s = '';
  pts.forEach(([x, y], i) => (s += `${i === 0 ? 'M' : 'L'}${num(x)} ${num(y)}`));
  return s;
}

/** The whole document: width × height px, a white background, the given body. */
export function svgDocument(width: number, height: number, defs: string[], body: string[], title?: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" ` +
    `font-family="DejaVu Sans, Verdana, Arial, Helvetica, sans-serif">\n` +
    (title ? `<title>${escapeXml(title)}</title>\n` : '') +
    (defs.length > 0 ? `<defs>${defs.join('\n')}</defs>\n` : '') +
    el('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }) +
    '\n' +
    body.join('\n') +
    '\n</svg>\n'
  );
}
