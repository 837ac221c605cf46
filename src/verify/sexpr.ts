/**
 * The S-expression reader of the VNN-LIB parser (vnnlib.ts): symbols, quoted symbols and strings,
 * lists, `;` comments, with line:column positions for messages. Nesting is bounded (the readers
 * recurse), and expressions print clipped on one line.
 */
import { oneLine } from '../network/parse-json.js';

/** Deepest nesting of parentheses (VNN-COMP files use about 5; the readers recurse). */
const MAX_DEPTH = 1000;

export interface Pos {
  line: number;
  col: number;
}
export type SExpr = ({ kind: 'sym'; text: string } | { kind: 'list'; items: SExpr[] }) & Pos;


export class Reader {
  private i = 0;
  private line = 1;
  private col = 1;
  constructor(
    private readonly text: string,
    private readonly fail: (p: Pos, msg: string) => never,
  ) {}

  private pos(): Pos {
    return { line: this.line, col: this.col };
  }

  private advance(): string {
    const c = this.text[this.i++];
    if (c === '\n') {
      this.line++;
      this.col = 1;
    } else if (c === '\r') {
      if (this.text[this.i] !== '\n') {
        this.line++;
        this.col = 1;
      }
    } else {
      this.col++;
    }
    return c;
  }

  /** Skips whitespace and comments; true if input remains. */
  private skip(): boolean {
    while (this.i < this.text.length) {
      const c = this.text[this.i];
      if (c === ';') {
        while (this.i < this.text.length && this.text[this.i] !== '\n' && this.text[this.i] !== '\r') this.advance();
      } else if (/\s/.test(c)) {
        this.advance();
      } else {
        return true;
      }
    }
    return false;
  }

  /** All top-level expressions. */
  readAll(): SExpr[] {
    const out: SExpr[] = [];
    while (this.skip()) out.push(this.read());
    return out;
  }

  private read(depth = 0): SExpr {
    const start = this.pos();
    const c = this.text[this.i];
    if (c === ')') this.fail(start, "unexpected ')'");
    if (c === '(') {
      if (depth >= MAX_DEPTH) this.fail(start, `nesting deeper than ${MAX_DEPTH} levels`);
      this.advance();
      const items: SExpr[] = [];
      for (;;) {
        if (!this.skip()) this.fail(this.pos(), `expected ')' but found end of file (to close '(' at ${start.line}:${start.col})`);
        if (this.text[this.i] === ')') {
          this.advance();
          return { kind: 'list', items, ...start };
        }
        items.push(this.read(depth + 1));
      }
    }
    let text = '';
    if (c === '|' || c === '"') {
      // quoted symbol or string literal: up to the closing delimiter ("" escapes " in strings)
      text += this.advance();
      for (;;) {
        if (this.i >= this.text.length) this.fail(this.pos(), `expected '${c}' but found end of file`);
        const d = this.advance();
        text += d;
        if (d === c) {
          if (c === '"' && this.text[this.i] === '"') {
            text += this.advance();
            continue;
          }
          break;
        }
      }
      return { kind: 'sym', text, ...start };
    }
    while (this.i < this.text.length && !/[\s();]/.test(this.text[this.i])) text += this.advance();
    return { kind: 'sym', text, ...start };
  }
}

/** An expression for a message: clipped, on one line (quoted symbols may hold line breaks). */
export const show = (e: SExpr): string => {
  const s = text(e, 60);
  return oneLine(s.length > 50 ? `${s.slice(0, 47)}...` : s);
};
/** The expression's text, exact for its first `budget` characters (a list may hold 10^5 items). */
function text(e: SExpr, budget: number): string {
  if (e.kind === 'sym') return e.text;
  let s = '(';
  for (const item of e.items) {
    if (s.length > budget) break;
    s += (s.length > 1 ? ' ' : '') + text(item, budget - s.length);
  }
  return `${s})`;
}

