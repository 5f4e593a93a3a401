/**
 * The NFA program a pattern tree compiles to (Thompson construction), run
 * by `linearTest` in ../linear-regex.ts.
 */
import { Assertion, CharTest, Node, PatternError } from './syntax';

/** Largest program a pattern may compile to (`{n,m}` copies its operand). */
const MAX_INSTRUCTIONS = 20000;

export type Instruction =
  | { op: 'char'; test: CharTest }
  | { op: 'assert'; kind: Assertion }
  | { op: 'split'; a: number; b: number }
  | { op: 'jump'; to: number }
  | { op: 'match' };

/** A compiled pattern. */
export interface IProgram {
  readonly code: ReadonlyArray<Instruction>;
}

/** Emits the NFA program of a tree. */
export class Emitter {
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
