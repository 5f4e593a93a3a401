/**
 * Validation of parsed pack documents: the format version first (so an old
 * extension says "upgrade" rather than listing every new field), then the
 * JSON schema, then the rules a schema cannot express. Pure functions, the
 * same in the browser catalog, the bundler and the CLI.
 */
import type { INotebookContent } from '@jupyterlab/nbformat';
import {
  FORMAT_VERSION,
  type Check,
  type ICheckedCell,
  type IDiagnosis,
  type IExerciseSpec,
  type IPackManifest
} from './format';
import { findCheckedCell } from './notebook';
import { backtrackingRisk, compileLinear } from '../checking/linear-regex';
import {
  pointer,
  pointerToken,
  resolveAsset,
  resolveInsidePack
} from './paths';
import {
  type ISchemaProblem,
  type SchemaName,
  validateWithSchema
} from './schema-errors';
import { errorText } from '../errors';

export type { ISchemaProblem } from './schema-errors';
export { validateNotebook, findCheckedCell } from './notebook';

import { EXERCISE_FILE, PACK_FILE } from './files';

export { EXERCISE_FILE, PACK_FILE } from './files';

/**
 * The "upgrade" problem when a document declares a newer format than this
 * build reads, else null. Runs before the schema, whose `const: 1` would only
 * say "must be 1".
 */
export function checkFormatVersion(
  data: unknown,
  fileName: string
): ISchemaProblem | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return null;
  }
  const version = (data as { schema?: unknown }).schema;
  if (
    typeof version === 'number' &&
    Number.isInteger(version) &&
    version > FORMAT_VERSION
  ) {
    return {
      path: '/schema',
      message: `${fileName} uses format version ${version}, but this jupyterlab-mltutor reads version ${FORMAT_VERSION}: upgrade jupyterlab-mltutor`
    };
  }
  return null;
}

/** Version then schema: the problems that make a document unusable. */
function validateDocument(
  name: SchemaName,
  data: unknown,
  fileName: string
): ISchemaProblem[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return [{ path: '', message: `${fileName} must hold a JSON object` }];
  }
  const versionProblem = checkFormatVersion(data, fileName);
  return versionProblem ? [versionProblem] : validateWithSchema(name, data);
}

/** Validates an exercise's expected.json (recorded expected values); [] when it conforms. */
export function validateExpectedFile(data: unknown): ISchemaProblem[] {
  return validateDocument('expected', data, 'expected.json');
}

/** Validates pack.json; [] when `data` is a usable {@link IPackManifest}. */
export function validatePackManifest(data: unknown): ISchemaProblem[] {
  const problems = validateDocument('pack', data, PACK_FILE);
  if (problems.length > 0) {
    return problems;
  }
  const manifest = data as IPackManifest;
  reportDuplicates(
    manifest.topics.map(topic => topic.id),
    index => pointer('topics', index, 'id'),
    id => `topic id '${id}' is declared twice`,
    problems
  );
  const folders: string[] = [];
  manifest.exercises.forEach((folder, index) => {
    const resolved = resolveInsidePack('', folder);
    if (!resolved.ok) {
      problems.push({
        path: pointer('exercises', index),
        message: resolved.message
      });
    } else if (resolved.path === '') {
      problems.push({
        path: pointer('exercises', index),
        message: 'an exercise needs its own folder, not the pack root'
      });
    }
    folders.push(resolved.ok ? resolved.path : folder);
  });
  reportDuplicates(
    folders,
    index => pointer('exercises', index),
    folder => `exercise folder '${folder}' is listed twice`,
    problems
  );
  return problems;
}

/**
 * Validates an exercise.json against the schema and its pack: declared topic,
 * unique cells and check ids, wrong answers that name a check of their cell,
 * and notebook/asset paths that stay inside the pack.
 */
export function validateExerciseSpec(
  data: unknown,
  manifest: IPackManifest,
  folder: string
): ISchemaProblem[] {
  const problems = validateDocument('exercise', data, EXERCISE_FILE);
  if (problems.length > 0) {
    return problems;
  }
  const deep = tooDeep(data, MAX_JSON_DEPTH, '');
  if (deep !== null) {
    // Open writes the values into a notebook that the server and kernel parse:
    // past this depth their JSON readers give up, so refuse it here.
    return [
      {
        path: deep,
        message: `values nest deeper than ${MAX_JSON_DEPTH} levels: the notebook server and kernel cannot read them`
      }
    ];
  }
  const spec = data as IExerciseSpec;
  const topics = manifest.topics.map(topic => topic.id);
  if (!topics.includes(spec.topic)) {
    problems.push({
      path: '/topic',
      message: `topic '${spec.topic}' is not declared in pack.json (declared: ${topics.join(', ')})`
    });
  }
  reportDuplicates(
    spec.cells.map(cell => cell.cell),
    index => pointer('cells', index, 'cell'),
    cell => `cell '${cell}' is checked twice: put all its checks in one entry`,
    problems
  );
  const checkIds: Array<{ id: string; path: string }> = [];
  spec.cells.forEach((cell, cellIndex) => {
    cell.checks.forEach((check, checkIndex) =>
      checkIds.push({
        id: check.id,
        path: pointer('cells', cellIndex, 'checks', checkIndex, 'id')
      })
    );
    cell.checks.forEach((check, checkIndex) =>
      problems.push(
        ...checkCriteria(
          check,
          pointer('cells', cellIndex, 'checks', checkIndex)
        )
      )
    );
    problems.push(...hiddenCheckRules(cell, cellIndex));
    const ownChecks = cell.checks.map(check => check.id);
    cell.wrong_answers.forEach((wrong, wrongIndex) => {
      if (!ownChecks.includes(wrong.fails)) {
        problems.push({
          path: pointer(
            'cells',
            cellIndex,
            'wrong_answers',
            wrongIndex,
            'fails'
          ),
          message: `'${wrong.fails}' is not a check of cell '${cell.cell}' (its checks: ${ownChecks.join(', ')})`
        });
      } else if (wrong.diagnosis !== undefined) {
        problems.push(
          ...diagnosisReference(
            cell.checks.find(check => check.id === wrong.fails) as Check,
            wrong.diagnosis,
            pointer(
              'cells',
              cellIndex,
              'wrong_answers',
              wrongIndex,
              'diagnosis'
            )
          )
        );
      }
    });
  });
  reportDuplicates(
    checkIds.map(check => check.id),
    index => checkIds[index].path,
    id => `check id '${id}' is used twice in this exercise`,
    problems
  );
  const notebook = resolveInsidePack(folder, spec.notebook);
  if (!notebook.ok) {
    problems.push({ path: '/notebook', message: notebook.message });
  }
  (spec.assets ?? []).forEach((asset, index) => {
    const resolved = resolveAsset(asset);
    if (!resolved.ok) {
      problems.push({
        path: pointer('assets', index),
        message: resolved.message
      });
    }
  });
  return problems;
}

/** Problems of exercise.json's `cells` against its (valid) notebook: each named cell must exist. */
export function validateCellReferences(
  spec: IExerciseSpec,
  notebook: INotebookContent
): ISchemaProblem[] {
  const problems: ISchemaProblem[] = [];
  spec.cells.forEach((cell, index) => {
    const found = findCheckedCell(notebook, cell.cell);
    if (!found.ok) {
      problems.push({
        path: pointer('cells', index, 'cell'),
        message: `${found.message} (${spec.notebook})`
      });
    }
  });
  return problems;
}

/** Diagnoses of a check, when its kind has them. */
function diagnosesOf(check: Check): ReadonlyArray<IDiagnosis> {
  return ('diagnoses' in check && check.diagnoses) || [];
}

/** A wrong answer's `diagnosis` must name a diagnosis of the check it fails. */
function diagnosisReference(
  check: Check,
  id: string,
  at: string
): ISchemaProblem[] {
  const ids = diagnosesOf(check).map(diagnosis => diagnosis.id);
  if (ids.includes(id)) {
    return [];
  }
  return [
    {
      path: at,
      message: ids.length
        ? `'${id}' is not a diagnosis of check '${check.id}' (its diagnoses: ${ids.join(', ')})`
        : `'${id}' is not a diagnosis of check '${check.id}', which has none`
    }
  ];
}

/**
 * A cell needs a check and a wrong answer; a copy whose hidden checks were
 * stripped (`hidden_checks`) may have none left.
 */
function hiddenCheckRules(cell: ICheckedCell, index: number): ISchemaProblem[] {
  const problems: ISchemaProblem[] = [];
  const stripped = (cell.hidden_checks ?? 0) > 0;
  if (cell.checks.length === 0 && !stripped) {
    problems.push({
      path: pointer('cells', index, 'checks'),
      message: `cell '${cell.cell}' has no checks: give it at least one`
    });
  }
  if (cell.wrong_answers.length === 0 && !stripped) {
    problems.push({
      path: pointer('cells', index, 'wrong_answers'),
      message: `cell '${cell.cell}' has no wrong answers: record at least one mistake its checks catch`
    });
  }
  return problems;
}

/** Deepest nesting of arrays and objects an exercise.json may have. */
export const MAX_JSON_DEPTH = 48;

/** The pointer of the first value nested deeper than `limit`, or null. */
function tooDeep(value: unknown, limit: number, at: string): string | null {
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  if (limit === 0) {
    return at;
  }
  for (const [key, child] of Object.entries(value)) {
    const found = tooDeep(child, limit - 1, `${at}/${pointerToken(key)}`);
    if (found !== null) {
      return found;
    }
  }
  return null;
}

/** Rules of single checks that the schema cannot state. */
function checkCriteria(check: Check, at: string): ISchemaProblem[] {
  const problems: ISchemaProblem[] = [];
  reportDuplicates(
    diagnosesOf(check).map(diagnosis => diagnosis.id),
    index => `${at}/diagnoses/${index}/id`,
    id => `diagnosis id '${id}' is used twice in check '${check.id}'`,
    problems
  );
  return problems.concat(kindCriteria(check, at));
}

/** Rules of one kind of check. */
function kindCriteria(check: Check, at: string): ISchemaProblem[] {
  if (check.kind === 'quiz') {
    // The learner's answer is matched case-insensitively, so keys are too.
    const keys = Object.keys(check.choices).map(key => key.toLowerCase());
    const answers =
      typeof check.answer === 'string' ? [check.answer] : check.answer;
    return answers
      .filter(answer => !keys.includes(answer.toLowerCase()))
      .map(answer => ({
        path: `${at}/answer`,
        message: `answer '${answer}' is not one of the choices (${Object.keys(check.choices).join(', ')})`
      }));
  }
  if (check.kind === 'output' && check.stream_matches !== undefined) {
    try {
      new RegExp(check.stream_matches);
    } catch (error) {
      const reason = errorText(error);
      return [
        {
          path: `${at}/stream_matches`,
          message: `not a valid regular expression: ${reason}`
        }
      ];
    }
    // Checks match with a linear-time engine (no pattern can freeze the page): it must read the pattern.
    const linear = compileLinear(check.stream_matches);
    if (!linear.ok) {
      return [
        {
          path: `${at}/stream_matches`,
          message: `this regular expression cannot be used: ${linear.message}`
        }
      ];
    }
  }
  return [];
}

/** Reports every repeat of a value after its first occurrence. */
function reportDuplicates(
  values: string[],
  pathOf: (index: number) => string,
  messageOf: (value: string) => string,
  problems: ISchemaProblem[]
): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) {
      problems.push({ path: pathOf(index), message: messageOf(value) });
    }
    seen.add(value);
  });
}

/**
 * Warnings, not problems: `stream_matches` patterns that would backtrack
 * catastrophically in a backtracking engine. The checks' own matcher is
 * linear; authors are told because the pattern is risky elsewhere.
 */
export function exerciseWarnings(spec: IExerciseSpec): ISchemaProblem[] {
  const warnings: ISchemaProblem[] = [];
  spec.cells.forEach((cell, cellIndex) =>
    cell.checks.forEach((check, checkIndex) => {
      if (check.kind !== 'output' || check.stream_matches === undefined) {
        return;
      }
      const risk = backtrackingRisk(check.stream_matches);
      if (risk) {
        warnings.push({
          path: pointer(
            'cells',
            cellIndex,
            'checks',
            checkIndex,
            'stream_matches'
          ),
          message: risk
        });
      }
    })
  );
  return warnings;
}
