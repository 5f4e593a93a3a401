/**
 * A linear-time regular expression matcher for patterns that come from packs
 * (`stream_matches`). JavaScript's own engine backtracks: `(a+)+$` against a
 * line of `a`s followed by `!` takes exponential time and would freeze the
 * learner's tab. This one compiles the pattern to an NFA and simulates it
 * (Thompson / Pike), so matching takes O(pattern x text) whatever the
 * pattern.
 *
 * It reads the JavaScript syntax packs use: literals and escapes, `.`,
 * classes (`[a-z]`, `[^...]`, `\d \w \s` and their negations), groups
 * (capturing, `(?:...)`, `(?<name>...)`), `|`, the quantifiers `* + ? {n}
 * {n,} {n,m}` (lazy or not: only whether it matches counts), and the
 * anchors `^ $ \b \B`, with `^`/`$` at line boundaries (the `m` flag, as
 * checks always used). Backreferences and lookarounds have no linear-time
 * implementation: they are refused, with a message.
 */

/** A pattern compiled for {@link linearTest}, or why it cannot be. */
export type LinearCompile =
  { ok: true; program: IProgram } | { ok: false; message: string };

/** Largest program a pattern may compile to (`{n,m}` copies its operand). */
const MAX_INSTRUCTIONS = 20000;

type CharTest = (code: number) => boolean;
type Assertion = 'line-start' | 'line-end' | 'word' | 'not-word';

type Node =
  | { type: 'char'; test: CharTest }
  | { type: 'assert'; kind: Assertion }
  | { type: 'seq'; items: Node[] }
  | { type: 'alt'; options: Node[] }
  | { type: 'repeat'; node: Node; min: number; max: number };

type Instruction =
  | { op: 'char'; test: CharTest }
  | { op: 'assert'; kind: Assertion }
  | { op: 'split'; a: number; b: number }
  | { op: 'jump'; to: number }
  | { op: 'match' };

/** A compiled pattern. */
export interface IProgram {
  readonly code: ReadonlyArray<Instruction>;
}

class PatternError extends Error {}

const isLineTerminator = (c: number): boolean =>
  c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isWord = (c: number): boolean =>
  isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isSpace = (c: number): boolean =>
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
class Parser {
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

/** Emits the NFA program of a tree. */
class Emitter {
  readonly code: Instruction[] = [];

  emit(node: Node): void {
    if (this.code.length > MAX_INSTRUCTIONS) {
      throw new PatternError(
        'the pattern is too large (repeat counts multiply its size)'
      );
    }
    switch (node.type) {
      case 'char':
        this.code.push({ op: 'char', test: node.test });
        return;
      case 'assert':
        this.code.push({ op: 'assert', kind: node.kind });
        return;
      case 'seq':
        node.items.forEach(item => this.emit(item));
        return;
      case 'alt':
        return this._alt(node.options);
      case 'repeat':
        return this._repeat(node.node, node.min, node.max);
    }
  }

  private _alt(options: Node[]): void {
    const jumps: Array<{ op: 'jump'; to: number }> = [];
    options.forEach((option, index) => {
      if (index < options.length - 1) {
        const split = { op: 'split' as const, a: this.code.length + 1, b: 0 };
        this.code.push(split);
        this.emit(option);
        const jump = { op: 'jump' as const, to: 0 };
        this.code.push(jump);
        jumps.push(jump);
        split.b = this.code.length;
      } else {
        this.emit(option);
      }
    });
    jumps.forEach(jump => (jump.to = this.code.length));
  }

  private _repeat(node: Node, min: number, max: number): void {
    for (let i = 0; i < min; i++) {
      this.emit(node);
    }
    if (max === Infinity) {
      const split = { op: 'split' as const, a: this.code.length + 1, b: 0 };
      const start = this.code.length;
      this.code.push(split);
      this.emit(node);
      this.code.push({ op: 'jump', to: start });
      split.b = this.code.length;
      return;
    }
    const splits: Array<{ op: 'split'; a: number; b: number }> = [];
    for (let i = min; i < max; i++) {
      const split = { op: 'split' as const, a: this.code.length + 1, b: 0 };
      this.code.push(split);
      splits.push(split);
      this.emit(node);
    }
    splits.forEach(split => (split.b = this.code.length));
  }
}

/** Compiles `pattern`; never throws. */
export function compileLinear(pattern: string): LinearCompile {
  try {
    const tree = new Parser(pattern).parse();
    const emitter = new Emitter();
    emitter.emit(tree);
    emitter.code.push({ op: 'match' });
    return { ok: true, program: { code: emitter.code } };
  } catch (error) {
    if (error instanceof PatternError) {
      return { ok: false, message: error.message };
    }
    throw error;
  }
}

function holds(kind: Assertion, text: string, at: number): boolean {
  const before = at > 0 ? text.charCodeAt(at - 1) : -1;
  const after = at < text.length ? text.charCodeAt(at) : -1;
  switch (kind) {
    case 'line-start':
      return at === 0 || isLineTerminator(before);
    case 'line-end':
      return at === text.length || isLineTerminator(after);
    case 'word':
    case 'not-word': {
      const boundary =
        (before >= 0 && isWord(before)) !== (after >= 0 && isWord(after));
      return kind === 'word' ? boundary : !boundary;
    }
  }
}

/**
 * Whether `program` matches anywhere in `text` (like `RegExp.test` with the
 * `m` flag), in time linear in the text's length.
 */
export function linearTest(program: IProgram, text: string): boolean {
  const code = program.code;
  let current: number[] = [];
  let next: number[] = [];
  // The step at which each instruction was last added: a thread per instruction at most.
  const seen = new Int32Array(code.length).fill(-1);
  let step = 0;
  const add = (list: number[], pc: number, at: number): boolean => {
    const stack = [pc];
    while (stack.length > 0) {
      const p = stack.pop()!;
      if (seen[p] === step) {
        continue;
      }
      seen[p] = step;
      const instruction = code[p];
      switch (instruction.op) {
        case 'match':
          return true;
        case 'jump':
          stack.push(instruction.to);
          break;
        case 'split':
          stack.push(instruction.b, instruction.a);
          break;
        case 'assert':
          if (holds(instruction.kind, text, at)) {
            stack.push(p + 1);
          }
          break;
        case 'char':
          list.push(p);
          break;
      }
    }
    return false;
  };
  for (let at = 0; at <= text.length; at++) {
    // A new attempt starts at every position (the search is unanchored).
    if (add(current, 0, at)) {
      return true;
    }
    if (at === text.length) {
      break;
    }
    const c = text.charCodeAt(at);
    step++;
    next.length = 0;
    for (const pc of current) {
      const instruction = code[pc];
      if (
        instruction.op === 'char' &&
        instruction.test(c) &&
        add(next, pc + 1, at + 1)
      ) {
        return true;
      }
    }
    [current, next] = [next, current];
  }
  return false;
}

/**
 * Why a pattern would backtrack catastrophically in a backtracking engine
 * (nested quantifiers such as `(a+)+` or `(\w+\s?)*`), or null. The matcher here is immune; authors get a warning
 * because the same pattern elsewhere (Python's `re`, their editor) is not.
 */
export function backtrackingRisk(pattern: string): string | null {
  let tree: Node;
  try {
    tree = new Parser(pattern).parse();
  } catch {
    return null;
  }
  const risky = (node: Node, underRepeat: boolean): string | null => {
    switch (node.type) {
      case 'seq':
        for (const item of node.items) {
          const found = risky(item, underRepeat);
          if (found) {
            return found;
          }
        }
        return null;
      case 'alt':
        for (const option of node.options) {
          const found = risky(option, underRepeat);
          if (found) {
            return found;
          }
        }
        return null;
      case 'repeat':
        if (node.max > 1 && underRepeat) {
          return 'a quantifier inside a repeated group (nested quantifiers)';
        }
        return risky(node.node, underRepeat || node.max > 1);
      default:
        return null;
    }
  };
  const found = risky(tree, false);
  return found
    ? `the pattern has ${found}: in a backtracking engine (JavaScript's, Python's re) it can take exponential time on some texts; mltutor matches it in linear time, but consider a simpler pattern`
    : null;
}
