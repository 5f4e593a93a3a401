/** What the class policy means for the learner, in their language. */
import type { TranslationBundle } from '@jupyterlab/translation';
import type { IClassPolicy } from './policy';

/** Sentences for the learner, most important first; empty outside a class. */
export function describePolicy(
  policy: IClassPolicy,
  trans: TranslationBundle
): string[] {
  if (!policy.locked) {
    return [];
  }
  const lines: string[] = [];
  if (policy.error) {
    lines.push(
      trans.__(
        "This class's policy could not be read, so solutions and hints are switched off. Tell your instructor."
      )
    );
    return lines;
  }
  if (policy.exam) {
    lines.push(
      trans.__(
        'Exam mode: solutions and hints are switched off for this class.'
      )
    );
  } else {
    if (!policy.allowSolutions) {
      lines.push(trans.__('Solutions are switched off for this class.'));
    }
    if (policy.maxHints === 0) {
      lines.push(trans.__('Hints are switched off for this class.'));
    } else if (policy.maxHints !== null) {
      lines.push(
        trans._n(
          'This class allows the first hint of each cell.',
          'This class allows the first %1 hints of each cell.',
          policy.maxHints
        )
      );
    }
  }
  if (policy.message) {
    lines.push(policy.message);
  }
  return lines;
}

/** A short label for the status bar. */
export function policyLabel(
  policy: IClassPolicy,
  trans: TranslationBundle
): string {
  if (policy.exam) {
    return trans.__('Exam mode');
  }
  if (!policy.allowSolutions && policy.maxHints === 0) {
    return trans.__('Class: no solutions, no hints');
  }
  if (!policy.allowSolutions) {
    return trans.__('Class: no solutions');
  }
  if (policy.maxHints !== null) {
    return trans.__('Class: hints limited');
  }
  return trans.__('Class policy');
}
