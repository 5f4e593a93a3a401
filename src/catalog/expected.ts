/**
 * `expected.json`, an exercise's recorded expected values: what each `value`
 * check's reference computed, written by `mltutor verify --write-expected`
 * (see docs/authoring.md). The harness uses an entry only when its key (a
 * hash of the reference and its data files) and its environment (Python's
 * and the libraries' versions) are the kernel's own; anything else runs the
 * reference as before. Pure, Node- and browser-safe: no ajv here.
 */
import type { IExerciseSpec, IRecordedValue, JSONData } from './format';
import { isObject } from '../json';

/** Name of the sidecar file, next to exercise.json. */
export const EXPECTED_FILE = 'expected.json';

/** `expected.json`: the format version and one entry per value check id. */
export interface IExpectedFile {
  schema: 1;
  /** Says which command wrote the file (informative). */
  generator?: string;
  checks: Record<string, IRecordedValue>;
}

/** A problem of expected.json, at a JSON pointer inside it. */
export interface IExpectedProblem {
  path: string;
  message: string;
}

const KEY = /^[0-9a-f]{64}$/;

/** Whether `entry` has the shape the harness reads (the schema says more). */
export function isRecordedValue(entry: unknown): entry is IRecordedValue {
  return (
    isObject(entry) &&
    typeof entry.key === 'string' &&
    KEY.test(entry.key) &&
    isObject(entry.env) &&
    Object.values(entry.env).every(version => typeof version === 'string') &&
    'value' in entry
  );
}

/**
 * The entries of a parsed expected.json that apply to `spec`: those of a
 * present, non-hidden `value` check with a `reference`. Every other entry is
 * a problem (not attached); so is a file that is not an object of entries.
 */
export function recordedValuesFor(
  spec: IExerciseSpec,
  data: unknown
): { recorded: Record<string, IRecordedValue>; problems: IExpectedProblem[] } {
  const recorded: Record<string, IRecordedValue> = {};
  const problems: IExpectedProblem[] = [];
  if (!isObject(data) || data.schema !== 1 || !isObject(data.checks)) {
    problems.push({
      path: '',
      message: `${EXPECTED_FILE} must be an object with "schema": 1 and "checks": {check id: entry}; regenerate it with mltutor verify --write-expected`
    });
    return { recorded, problems };
  }
  const references = new Map<string, boolean>();
  for (const cell of spec.cells) {
    for (const check of cell.checks) {
      if (check.kind === 'value' && check.reference !== undefined) {
        references.set(check.id, check.hidden === true);
      }
    }
  }
  for (const [id, entry] of Object.entries(data.checks)) {
    const where = `/checks/${id.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const hidden = references.get(id);
    if (hidden === undefined) {
      problems.push({
        path: where,
        message: `no value check with a reference has the id '${id}' (a check renamed or removed?): regenerate with mltutor verify --write-expected`
      });
    } else if (hidden) {
      problems.push({
        path: where,
        message: `check '${id}' is hidden: its expected value must not be recorded (it would reach the learners' pages)`
      });
    } else if (!isRecordedValue(entry)) {
      problems.push({
        path: where,
        message:
          'an entry needs "key" (64 hex digits), "env" ({name: version}) and "value"'
      });
    } else {
      recorded[id] = { key: entry.key, env: entry.env, value: entry.value };
    }
  }
  return { recorded, problems };
}

/**
 * The expected.json text for `entries`: one line per entry, sorted by check
 * id, for stable diffs and a small bundle.
 */
export function expectedFileText(
  entries: Readonly<Record<string, IRecordedValue>>
): string {
  const lines = Object.keys(entries)
    .sort()
    .map(id => {
      const { key, env, value } = entries[id];
      const entry = { key, env: sortedKeys(env), value };
      return `    ${JSON.stringify(id)}: ${JSON.stringify(entry)}`;
    });
  return [
    '{',
    '  "schema": 1,',
    `  "generator": ${JSON.stringify(GENERATOR)},`,
    lines.length > 0
      ? `  "checks": {\n${lines.join(',\n')}\n  }`
      : '  "checks": {}',
    '}',
    ''
  ].join('\n');
}

/** What writes the file (informative, in the file). */
export const GENERATOR = 'mltutor verify --write-expected';

function sortedKeys(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(env)
      .sort()
      .map(name => [name, env[name]])
  );
}

export type { IRecordedValue, JSONData };
