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

import { Emitter, IProgram } from './regex/program';
import {
  Assertion,
  isLineTerminator,
  isWord,
  Node,
  Parser,
  PatternError
} from './regex/syntax';

export type { IProgram } from './regex/program';

/** A pattern compiled for {@link linearTest}, or why it cannot be. */
export type LinearCompile =
  { ok: true; program: IProgram } | { ok: false; message: string };

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
