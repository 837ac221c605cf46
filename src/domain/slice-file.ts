/**
 * A slice file (`--slice FILE.json`): `{"point": [...], "directions": [[...], ...], "box": "-1,1"}`
 * — the affine slice x = point + Σ_j z_j·directions[j] of the input space (k >= 1 linearly
 * independent directions, checked exactly) and the domain of the slice coordinates z (a box spec
 * as for --box; default [-1,1]^k). Numbers as everywhere: JSON numbers at their exact binary64
 * value, strings as exact decimals or "p/q".
 */
import { InputError, withPrefix } from '../errors.js';
import { add, mul, sign, type Rational } from '../kernel/rational.js';
import { readInputFile } from '../network/load.js';
import { isObject, kindOf, parseJsonText, parseNumberArray, showInput } from '../network/parse-json.js';
import { checkDirections } from '../network/slice.js';
import { defaultDomain, parseBoxSpec, type Domain } from './domain.js';

export interface SliceSpec {
  point: Rational[];
  directions: Rational[][];
  /** The domain in slice coordinates (a box of dimension directions.length). */
  box: Domain & { kind: 'box' };
}

const KEYS = ['point', 'directions', 'box'];

/** A slice of an input space of dimension d, from the JSON value of a slice file. */
export function readSlice(v: unknown, d: number): SliceSpec {
  if (!isObject(v)) throw new InputError(`expected a JSON object {"point": [...], "directions": [[...], ...], "box": "LO,HI"}, got ${kindOf(v)}`);
  // a misspelt key ("direction", "Box") would silently change the slice
  for (const key of Object.keys(v)) {
    if (!KEYS.includes(key)) throw new InputError(`unknown key ${showInput(key)} (expected "point", "directions", "box")`);
  }
  const point = parseNumberArray(v.point, 'point', d);
  if (v.directions === undefined) throw new InputError('directions: missing');
  if (!Array.isArray(v.directions)) throw new InputError(`directions: expected an array of directions, got ${kindOf(v.directions)}`);
  const directions = v.directions.map((u: unknown, j: number) => parseNumberArray(u, `directions[${j}]`, d));
  checkDirections(directions);
  const k = directions.length;
  if (v.box !== undefined && typeof v.box !== 'string') throw new InputError(`box: expected a box spec string such as "-1,1" or "LO1:HI1,...", got ${kindOf(v.box)}`);
  const box = (v.box === undefined ? defaultDomain(k) : sliceBox(v.box, k)) as Domain & { kind: 'box' };
  return { point, directions, box };
}

/** The "box" entry: a box spec as for --box, one interval per direction; messages say "box: ...". */
function sliceBox(spec: string, k: number): Domain {
  try {
    return parseBoxSpec(spec, k);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`box: ${e.message.replace(/^--box: /, '')}`);
    throw e;
  }
}

export function parseSliceJson(text: string, d: number, source = 'slice'): SliceSpec {
  const value = parseJsonText(text, source);
  return withPrefix(source, () => readSlice(value, d));
}

export function loadSlice(path: string, d: number): SliceSpec {
  return parseSliceJson(readInputFile(path), d, path);
}

/**
 * The exact bounding box of the slice's points in the original input space (the image of the
 * box is a zonotope; per coordinate its extremes are at the box's corners, chosen by signs).
 */
export function sliceBoundingBox(slice: SliceSpec): { lo: Rational[]; hi: Rational[] } {
  const { point, directions, box } = slice;
  const lo = [...point];
  const hi = [...point];
  point.forEach((_, i) => {
    directions.forEach((u, j) => {
      const s = sign(u[i]);
      const [small, big] = s >= 0 ? [box.lo[j], box.hi[j]] : [box.hi[j], box.lo[j]];
      lo[i] = add(lo[i], mul(u[i], small));
      hi[i] = add(hi[i], mul(u[i], big));
    });
  });
  return { lo, hi };
}
