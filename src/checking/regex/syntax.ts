/**
 * The pattern syntax of the linear-time matcher (see ../linear-regex.ts):
 * a parser from the JavaScript syntax packs use to a tree.
 */

export type CharTest = (code: number) => boolean;
export type Assertion = 'line-start' | 'line-end' | 'word' | 'not-word';

export type Node =
  | { type: 'char'; test: CharTest }
  | { type: 'assert'; kind: Assertion }
  | { type: 'seq'; items: Node[] }
  | { type: 'alt'; options: Node[] }
  | { type: 'repeat'; node: Node; min: number; max: number };

export class PatternError extends Error {}

export const isLineTerminator = (c: number): boolean =>
  c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
export const isWord = (c: number): boolean =>
  isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
export const isSpace = (c: number): boolean =>
  c === 32 ||
  (c >= 9 && c <= 13) ||
  c === 0xa0 ||
  c === 0x1680 ||
  (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x205f ||
  c === 0x3000 ||
  c === 0xfeff;

/** Parses the JavaScript pattern syntax listed above into a tree. */
export class Parser {
  constructor(private readonly _source: string) {}

  parse(): Node {
    const node = this._alternation();
    if (this._pos < this._source.length) {
      throw new PatternError(
        `unmatched ')' at position ${this._pos} of the pattern`
      );
    }
    return node;
  }

  private _alternation(): Node {
    const options = [this._sequence()];
    while (this._peek() === '|') {
      this._pos++;
      options.push(this._sequence());
    }
    return options.length === 1 ? options[0] : { type: 'alt', options };
  }

  private _sequence(): Node {
    const items: Node[] = [];
    while (this._pos < this._source.length) {
      const c = this._peek();
      if (c === '|' || c === ')') {
        break;
      }
      items.push(this._quantified(this._atom()));
    }
    return { type: 'seq', items };
  }

  private _quantified(atom: Node): Node {
    const c = this._peek();
    let min: number;
    let max: number;
    if (c === '*' || c === '+' || c === '?') {
      this._pos++;
      [min, max] =
        c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
    } else if (c === '{' && /^\{\d+(,\d*)?\}/.test(this._rest())) {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this._rest())!;
      this._pos += match[0].length;
      min = Number(match[1]);
      max =
        match[2] === undefined ? min : match[3] ? Number(match[3]) : Infinity;
      if (max < min) {
        throw new PatternError(`numbers out of order in ${match[0]}`);
      }
    } else {
      return atom;
    }
    if (this._peek() === '?') {
      this._pos++; // lazy: the same set of matches
    }
    if (atom.type === 'assert') {
      throw new PatternError('nothing to repeat');
    }
    const next = this._peek();
    if (next === '*' || next === '+' || next === '?') {
      throw new PatternError('nothing to repeat');
    }
    return { type: 'repeat', node: atom, min, max };
  }

  private _atom(): Node {
    const c = this._source[this._pos++];
    switch (c) {
      case '(':
        return this._group();
      case '[':
        return this._class();
      case '.':
        return { type: 'char', test: code => !isLineTerminator(code) };
      case '^':
        return { type: 'assert', kind: 'line-start' };
      case '$':
        return { type: 'assert', kind: 'line-end' };
      case '\\':
        return this._escape();
      case '*':
      case '+':
      case '?':
        throw new PatternError('nothing to repeat');
      default: {
        const code = c.charCodeAt(0);
        return { type: 'char', test: x => x === code };
      }
    }
  }

  private _group(): Node {
    if (this._peek() === '?') {
      const rest = this._rest();
      if (rest.startsWith('?:')) {
        this._pos += 2;
      } else if (/^\?<[A-Za-z_$][\w$]*>/.test(rest)) {
        this._pos += rest.indexOf('>') + 1;
      } else if (/^\?(=|!|<=|<!)/.test(rest)) {
        throw new PatternError(
          'lookahead and lookbehind are not supported: write the pattern without them'
        );
      } else {
        throw new PatternError('invalid group');
      }
    }
    const node = this._alternation();
    if (this._source[this._pos] !== ')') {
      throw new PatternError('unterminated group');
    }
    this._pos++;
    return node;
  }

  private _escape(): Node {
    if (this._pos >= this._source.length) {
      throw new PatternError('\\ at end of pattern');
    }
    const c = this._source[this._pos];
    if (c === 'b' || c === 'B') {
      this._pos++;
      return { type: 'assert', kind: c === 'b' ? 'word' : 'not-word' };
    }
    if (/[1-9]/.test(c)) {
      throw new PatternError(
        'backreferences (\\1, \\2, ...) are not supported: they cannot be matched in linear time'
      );
    }
    if (c === 'k' && this._source[this._pos + 1] === '<') {
      throw new PatternError('named backreferences are not supported');
    }
    return { type: 'char', test: this._escapeTest(false) };
  }

  /** The character test of the escape at the cursor (after `\`). */
  private _escapeTest(inClass: boolean): CharTest {
    const c = this._source[this._pos++];
    switch (c) {
      case 'd':
        return isDigit;
      case 'D':
        return x => !isDigit(x);
      case 'w':
        return isWord;
      case 'W':
        return x => !isWord(x);
      case 's':
        return isSpace;
      case 'S':
        return x => !isSpace(x);
      default:
        return single(this._escapedCode(c, inClass));
    }
  }

  private _escapedCode(c: string, inClass: boolean): number {
    const simple: Record<string, number> = {
      n: 10,
      r: 13,
      t: 9,
      f: 12,
      v: 11,
      '0': 0
    };
    if (c in simple) {
      return simple[c];
    }
    if (c === 'b' && inClass) {
      return 8;
    }
    if (c === 'x' && /^[0-9a-fA-F]{2}/.test(this._rest())) {
      const code = parseInt(this._rest().slice(0, 2), 16);
      this._pos += 2;
      return code;
    }
    if (c === 'u' && /^[0-9a-fA-F]{4}/.test(this._rest())) {
      const code = parseInt(this._rest().slice(0, 4), 16);
      this._pos += 4;
      return code;
    }
    if (c === 'c' && /^[A-Za-z]/.test(this._rest())) {
      return this._source.charCodeAt(this._pos++) % 32;
    }
    return c.charCodeAt(0); // an escaped literal: \. \* \/ ...
  }

  private _class(): Node {
    let negated = false;
    if (this._peek() === '^') {
      negated = true;
      this._pos++;
    }
    const tests: CharTest[] = [];
    while (this._peek() !== ']') {
      if (this._pos >= this._source.length) {
        throw new PatternError('unterminated character class');
      }
      const from = this._classAtom();
      if (
        this._peek() === '-' &&
        this._source[this._pos + 1] !== ']' &&
        this._pos + 1 < this._source.length
      ) {
        this._pos++;
        const to = this._classAtom();
        if (from.code === null || to.code === null) {
          tests.push(from.test, to.test, single(45));
          continue;
        }
        if (to.code < from.code) {
          throw new PatternError('range out of order in character class');
        }
        const [low, high] = [from.code, to.code];
        tests.push(x => x >= low && x <= high);
      } else {
        tests.push(from.test);
      }
    }
    this._pos++;
    const inClass: CharTest = x => tests.some(test => test(x));
    return { type: 'char', test: negated ? x => !inClass(x) : inClass };
  }

  /** One member of a class: a character (with its code) or a class escape. */
  private _classAtom(): { test: CharTest; code: number | null } {
    const c = this._source[this._pos++];
    if (c !== '\\') {
      const code = c.charCodeAt(0);
      return { test: single(code), code };
    }
    const next = this._source[this._pos];
    if (next !== undefined && 'dDwWsS'.includes(next)) {
      return { test: this._escapeTest(true), code: null };
    }
    const code = this._escapedCode(this._source[this._pos++] ?? '\\', true);
    return { test: single(code), code };
  }

  private _peek(): string | undefined {
    return this._source[this._pos];
  }

  private _rest(): string {
    return this._source.slice(this._pos);
  }

  private _pos = 0;
}

function single(code: number): CharTest {
  return x => x === code;
}
