/**
 * Converts an nbgrader *source* notebook (the instructor's version, with
 * solutions and hidden tests) into a one-exercise mltutor pack: each code
 * answer that has tests after it becomes a checked cell, each test an
 * `assert` check. Pure: the CLI (`mltutor import-nbgrader`) reads and writes
 * the files. The mapping is documented in docs/authoring.md, "Importing
 * nbgrader notebooks".
 */
import type { ICell, INotebookContent } from '@jupyterlab/nbformat';
import type { PartialJSONObject } from '@lumino/coreutils';
import {
  CELL_TAG_PREFIX,
  FORMAT_VERSION,
  type IAssertCheck,
  type ICheckedCell,
  type IExerciseSpec,
  type IPackManifest
} from '../catalog/format';
import {
  definedNames,
  docstringOf,
  fullTests,
  learnerAnswer,
  learnerSource,
  namespaceMutation,
  nbgraderFlags,
  readCell,
  solutionSource,
  visibleTests,
  type ISourceCell
} from './cells';
import { isCellId, NameAllocator, SLUG, slugOr } from './names';
import { CODE_STUB, UNCHECKED_CODE_STUB } from './regions';
import { validateNotebook } from '../catalog/notebook';

/** The topic every imported pack has. */
export const NBGRADER_TOPIC = 'nbgrader';

/**
 * nbgrader has no hints and the format wants two: these hold for every
 * imported cell, because its tests sit right after it in the notebook.
 */
export const NBGRADER_HINTS = [
  'Read the test cell below yours: its assertions say what is expected.',
  'Run the test cell after yours: the first failing assertion and its message point at what to fix.'
];

/** The `mistake` of the wrong answer every checked cell records: its starter. */
export const STARTER_MISTAKE = 'the unanswered starter code';

/** What to convert, and the names to give. */
export interface INbgraderOptions {
  /** The notebook's file name without `.ipynb`: the default ids and title. */
  name: string;
  /** The pack's id (default: `name`, slugified). */
  packId?: string;
  /** The exercise's id and folder (default: `name`, slugified). */
  exerciseId?: string;
}

/** An imported pack: its three files' contents, and what the import could not carry over. */
export interface INbgraderPack {
  ok: true;
  pack: IPackManifest;
  exercise: IExerciseSpec;
  /** The learner's notebook (`<exercise>/<exercise>.ipynb`). */
  notebook: INotebookContent;
  /** Tests left out of the checks, cells left unchecked: worth telling the author. */
  warnings: string[];
}

/** The conversion, or every reason it was refused. */
export type NbgraderConversion =
  INbgraderPack | { ok: false; problems: string[] };

/** A code answer that will be checked, with the tests that check it. */
interface IAnswer {
  source: ISourceCell;
  tests: ISourceCell[];
  /** Tests that delete or rebind the learner's names: graded-only checks. */
  mutating: Set<ISourceCell>;
}

/** Converts a parsed nbgrader source notebook. Never throws. */
export function convertNbgrader(
  data: unknown,
  options: INbgraderOptions
): NbgraderConversion {
  const problems = inputProblems(data, options);
  if (problems.length > 0) {
    return { ok: false, problems };
  }
  const notebook = data as INotebookContent;
  const cells: ISourceCell[] = [];
  notebook.cells.forEach((cell, index) => {
    const read = readCell(cell, index);
    if (read.ok) {
      cells.push(read.cell);
    } else {
      problems.push(read.message);
    }
  });
  if (problems.length > 0) {
    return { ok: false, problems };
  }
  const warnings: string[] = [];
  const answers = pairTestsWithAnswers(cells, warnings);
  if (answers.length === 0) {
    return {
      ok: false,
      problems: [
        'no code answer (an nbgrader solution cell) has a test cell after it: nothing mltutor could check'
      ]
    };
  }
  const names = nameCells(cells, answers);
  const exerciseId = options.exerciseId ?? slugOr(options.name, 'exercise');
  const title = titleOf(notebook, options.name);
  const exercise = exerciseOf(
    cells,
    answers,
    names,
    exerciseId,
    title,
    options
  );
  return {
    ok: true,
    pack: {
      schema: FORMAT_VERSION,
      id: options.packId ?? slugOr(options.name, 'nbgrader'),
      title,
      description: `Imported from the nbgrader notebook ${options.name}.ipynb.`,
      topics: [{ id: NBGRADER_TOPIC, title }],
      exercises: [exerciseId]
    },
    exercise,
    notebook: releaseNotebook(notebook, cells, answers, names),
    warnings
  };
}

/** Reasons to refuse the input before reading its cells. */
function inputProblems(data: unknown, options: INbgraderOptions): string[] {
  const problems: string[] = [];
  for (const [flag, id] of [
    ['--pack-id', options.packId],
    ['--exercise-id', options.exerciseId]
  ] as const) {
    if (id !== undefined && !SLUG.test(id)) {
      problems.push(
        `${flag} '${id}' is not an id: use lowercase letters, digits and '-', at most 64 characters`
      );
    }
  }
  const shape = validateNotebook(data);
  if (shape.length > 0) {
    const first = shape[0];
    return [
      ...problems,
      `not an nbformat 4 notebook: ${first.path || '/'}: ${first.message}`
    ];
  }
  const content = data as INotebookContent;
  const language =
    content.metadata?.kernelspec?.language ??
    content.metadata?.language_info?.name;
  if (typeof language === 'string' && language.toLowerCase() !== 'python') {
    problems.push(
      `the notebook's language is ${language}: mltutor checks run in Python kernels`
    );
  }
  if (!content.cells.some(cell => nbgraderFlags(cell) !== null)) {
    problems.push(
      'no cell has nbgrader metadata: give an nbgrader source notebook (the instructor version, made with the "Create Assignment" toolbar)'
    );
  }
  return problems;
}

/**
 * Attaches each test to the nearest code answer before it, as nbgrader's
 * layout implies; drops (with a warning) tests that cannot be checks, and
 * answers left with no test.
 */
function pairTestsWithAnswers(
  cells: ReadonlyArray<ISourceCell>,
  warnings: string[]
): IAnswer[] {
  const notebookNames = cells
    .filter(cell => cell.role === 'solution')
    .flatMap(cell => definedNames(solutionSource(cell)));
  const answers: IAnswer[] = [];
  let current: IAnswer | null = null;
  for (const cell of cells) {
    if (cell.role === 'solution') {
      current = { source: cell, tests: [], mutating: new Set() };
      answers.push(current);
      if (
        cell.regions.length === 0 &&
        /raise NotImplementedError/.test(solutionSource(cell))
      ) {
        warnings.push(
          `${label(cell)} has no solution region and raises NotImplementedError: is this the student version rather than the source?`
        );
      }
    } else if (cell.role === 'test') {
      const why = namespaceMutation(fullTests(cell), notebookNames);
      if (!current) {
        warnings.push(
          `test ${label(cell)} comes before any code answer: kept in the notebook, not a check`
        );
      } else {
        if (why) {
          // Live checks read a copy of the learner's names; a graded run's throwaway kernel can lend the real ones.
          warnings.push(
            `test ${label(cell)} ${why.replace(/^it /, '')}: it is a graded-only check (mltutor check and grade run it; the lab does not)`
          );
          current.mutating.add(cell);
        }
        current.tests.push(cell);
      }
    }
  }
  for (const answer of answers.filter(one => one.tests.length === 0)) {
    warnings.push(
      `${label(answer.source)} has no test after it (a manually graded answer?): kept unchecked, with '${UNCHECKED_CODE_STUB.join('; ')}' as its starter`
    );
  }
  return answers.filter(answer => answer.tests.length > 0);
}

function label(cell: ISourceCell): string {
  return cell.gradeId
    ? `'${cell.gradeId}' (cell ${cell.index})`
    : `cell ${cell.index}`;
}

/** Notebook cell ids by source index; checked cells get theirs first, so they keep their grade_id. */
function nameCells(
  cells: ReadonlyArray<ISourceCell>,
  answers: ReadonlyArray<IAnswer>
): Map<number, string> {
  const ids = new NameAllocator();
  const names = new Map<number, string>();
  for (const { source } of answers) {
    names.set(
      source.index,
      ids.allocate(slugOr(source.gradeId, `cell-${source.index}`))
    );
  }
  for (const cell of cells.filter(one => !names.has(one.index))) {
    const kept = isCellId(cell.cell.id) ? cell.cell.id : undefined;
    const wanted = kept ?? slugOr(cell.gradeId, `cell-${cell.index}`);
    names.set(cell.index, ids.allocate(wanted));
  }
  return names;
}

function exerciseOf(
  cells: ReadonlyArray<ISourceCell>,
  answers: ReadonlyArray<IAnswer>,
  names: ReadonlyMap<number, string>,
  id: string,
  title: string,
  options: INbgraderOptions
): IExerciseSpec {
  const checkIds = new NameAllocator();
  const checked = answers.map((answer): ICheckedCell => {
    const cell = names.get(answer.source.index) ?? '';
    const checks = answer.tests.flatMap(test =>
      testChecks(test, cell, checkIds, answer.mutating.has(test))
    );
    return {
      cell,
      ...(answer.source.gradeId ? { title: answer.source.gradeId } : {}),
      checks,
      hints: [...NBGRADER_HINTS],
      solution: solutionSource(answer.source),
      wrong_answers: [
        {
          code: learnerSource(answer.source, CODE_STUB),
          fails: checks[0].id,
          mistake: STARTER_MISTAKE
        }
      ]
    };
  });
  const written = cells.some(cell => cell.role === 'answer');
  return {
    schema: FORMAT_VERSION,
    id,
    version: '1',
    title,
    topic: NBGRADER_TOPIC,
    difficulty: 'intermediate',
    statement: [
      `Imported from the nbgrader assignment \`${options.name}.ipynb\`.`,
      'Replace each `# YOUR CODE HERE` and the `raise NotImplementedError()` after it with your code; the test cells after each answer show what is checked.',
      ...(written
        ? [
            'Cells reading "YOUR ANSWER HERE" are written answers: write them, nothing checks them automatically.'
          ]
        : [])
    ].join(' '),
    notebook: `${id}.ipynb`,
    cells: checked
  };
}

/**
 * The checks of one test cell: its code with its points; a cell with hidden
 * tests is graded only (hidden), with its visible part as a check worth no
 * points so that learners get feedback from it live.
 */
function testChecks(
  test: ISourceCell,
  cell: string,
  checkIds: NameAllocator,
  mutating: boolean
): IAssertCheck[] {
  const code = fullTests(test);
  const id = checkIds.allocate(slugOr(test.gradeId, `${cell}-test`));
  const description =
    docstringOf(code) ?? `nbgrader test '${test.gradeId ?? cell}'`;
  const points = nbgraderFlags(test.cell)?.points;
  const full: IAssertCheck = {
    id,
    kind: 'assert',
    description,
    code,
    ...(points !== undefined ? { points } : {}),
    ...(mutating ? { mutates_namespace: true } : {}),
    ...(test.regions.length > 0 ? { hidden: true } : {})
  };
  const visible = visibleTests(test);
  if (test.regions.length === 0 || !/\b(assert|raise)\b/.test(visible)) {
    return [full];
  }
  return [
    {
      id: checkIds.allocate(`${id}-visible`),
      kind: 'assert',
      description: `${description} (visible tests)`,
      code: visible,
      points: 0,
      ...(mutating ? { mutates_namespace: true } : {})
    },
    full
  ];
}

/** The learner's notebook: nbgrader's student version, tagged for mltutor, nbformat 4.5. */
function releaseNotebook(
  source: INotebookContent,
  cells: ReadonlyArray<ISourceCell>,
  answers: ReadonlyArray<IAnswer>,
  names: ReadonlyMap<number, string>
): INotebookContent {
  const checked = new Set(answers.map(answer => answer.source.index));
  return {
    cells: cells.map(cell => {
      const id = names.get(cell.index) ?? `cell-${cell.index}`;
      const tags = checked.has(cell.index)
        ? [`${CELL_TAG_PREFIX}${id}`]
        : undefined;
      return learnerCell(cell, id, learnerText(cell, checked), tags);
    }),
    metadata: {
      // nbgrader's examples name their kernel `python`, which most installs lack.
      kernelspec: {
        display_name: 'Python 3 (ipykernel)',
        language: 'python',
        name: 'python3'
      },
      language_info: { name: 'python' },
      ...(source.metadata?.title ? { title: source.metadata.title } : {})
    },
    nbformat: 4,
    nbformat_minor: 5
  };
}

function learnerText(cell: ISourceCell, checked: ReadonlySet<number>): string {
  switch (cell.role) {
    case 'solution':
      return learnerSource(
        cell,
        checked.has(cell.index) ? CODE_STUB : UNCHECKED_CODE_STUB
      );
    case 'test':
      return visibleTests(cell);
    case 'answer':
      return learnerAnswer(cell);
    default:
      return cell.lines.join('\n');
  }
}

/** A clean copy of a cell: no nbgrader metadata, no outputs. */
function learnerCell(
  cell: ISourceCell,
  id: string,
  source: string,
  extraTags: string[] | undefined
): ICell {
  const metadata: PartialJSONObject = { ...cell.cell.metadata };
  delete metadata.nbgrader;
  if (extraTags) {
    const tags = Array.isArray(metadata.tags) ? metadata.tags : [];
    metadata.tags = [...tags, ...extraTags];
  }
  const original = cell.cell;
  switch (original.cell_type) {
    case 'code':
      return {
        cell_type: 'code',
        id,
        metadata,
        source,
        execution_count: null,
        outputs: []
      };
    case 'markdown':
    case 'raw':
      return {
        cell_type: original.cell_type,
        id,
        metadata,
        source,
        ...(original.attachments ? { attachments: original.attachments } : {})
      };
    default:
      return { ...original, id, metadata, source };
  }
}

/** The notebook's first level-1 heading, else its file name. */
function titleOf(notebook: INotebookContent, name: string): string {
  for (const cell of notebook.cells.filter(
    (one: ICell) => one.cell_type === 'markdown'
  )) {
    const text = Array.isArray(cell.source)
      ? cell.source.join('')
      : cell.source;
    const heading = /^#\s+(.+?)\s*#*\s*$/m.exec(text);
    if (heading) {
      return heading[1].slice(0, 120);
    }
  }
  return name.slice(0, 120) || 'nbgrader assignment';
}
