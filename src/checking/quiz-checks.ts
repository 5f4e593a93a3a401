/**
 * `quiz` checks: pure functions of the answer the harness read from the
 * learner's variable.
 */
import type { IQuizCheck } from '../catalog/format';
import type { ILocalOutcome } from './output-checks';

/** What the harness read (`read` operation). */
export interface IQuizReading {
  present: boolean;
  answer?: string;
  answers?: string[];
  /** Type and short repr of a value that is neither a string nor strings. */
  other?: string;
}

const normalise = (key: string): string => key.trim().toLowerCase();

function keysText(check: IQuizCheck): string {
  return Object.keys(check.choices).join(', ');
}

function howToAnswer(check: IQuizCheck): string {
  const first = Object.keys(check.choices)[0] ?? 'a';
  return Array.isArray(check.answer)
    ? `Answer by assigning a list of the right keys among ${keysText(check)}, e.g. \`${check.variable} = ["${first}"]\`.`
    : `Answer by assigning one of ${keysText(check)}, e.g. \`${check.variable} = "${first}"\`.`;
}

/** Evaluates a quiz answer (case-insensitive keys; all keys when the answer is a list). */
export function checkQuiz(
  check: IQuizCheck,
  reading: IQuizReading
): ILocalOutcome {
  if (!reading.present) {
    return {
      status: 'fail',
      message: `\`${check.variable}\` is not defined yet. ${howToAnswer(check)}`
    };
  }
  const given =
    reading.answers ?? (reading.answer !== undefined ? [reading.answer] : null);
  if (given === null) {
    return {
      status: 'fail',
      message: `\`${check.variable}\` is ${reading.other ?? 'not a string'}. ${howToAnswer(check)}`
    };
  }
  const keys = Object.keys(check.choices).map(normalise);
  const unknown = given.filter(key => !keys.includes(normalise(key)));
  if (unknown.length > 0) {
    return {
      status: 'fail',
      message: `${unknown.map(k => `\`${k}\``).join(', ')} is not one of the choices (${keysText(check)}).`
    };
  }
  const wanted = new Set(
    (Array.isArray(check.answer) ? check.answer : [check.answer]).map(normalise)
  );
  const chosen = new Set(given.map(normalise));
  const right =
    wanted.size === chosen.size && [...wanted].every(key => chosen.has(key));
  if (right) {
    return { status: 'pass', message: '' };
  }
  const partial =
    Array.isArray(check.answer) && [...chosen].every(key => wanted.has(key));
  return {
    status: 'fail',
    message: partial
      ? 'Right so far, but some right choices are missing.'
      : `\`${check.variable} = ${JSON.stringify(given.length === 1 && !reading.answers ? given[0] : given)}\` is not the right answer.`
  };
}

/**
 * What a quiz's diagnoses see of the learner's answer: `answer`, the key
 * given (trimmed, lowercased; a list when a list was given; null when
 * unanswered or not keys), and `answers`, the keys given, sorted.
 */
export function quizNames(reading: IQuizReading): {
  answer: string | string[] | null;
  answers: string[];
} {
  const given =
    reading.answers ?? (reading.answer !== undefined ? [reading.answer] : []);
  const answers = given.map(normalise).sort();
  const answer =
    reading.answers !== undefined
      ? answers
      : reading.answer !== undefined
        ? normalise(reading.answer)
        : null;
  return { answer, answers };
}
