/**
 * Each malformed fixture pack and the one problem it must produce: the file
 * (relative to the pack), the JSON path and a part of the message.
 */
export const EXPECTED_PROBLEMS: ReadonlyArray<{
  fixture: string;
  file: string;
  path: string;
  message: string;
}> = [
  {
    fixture: 'absolute-path',
    file: 'ex/exercise.json',
    path: '/assets/0',
    message: "absolute path '/etc/hosts' is not allowed"
  },
  {
    fixture: 'duplicate-check-id',
    file: 'ex/exercise.json',
    path: '/cells/0/checks/1/id',
    message: "check id 'is-42' is used twice"
  },
  {
    fixture: 'empty-folder',
    file: 'pack.json',
    path: '',
    message: 'empty folder'
  },
  {
    fixture: 'huge-file',
    file: 'ex/exercise.json',
    path: '',
    message: 'file too large (5.2 MB, limit 5 MB)'
  },
  {
    fixture: 'missing-exercise-folder',
    file: 'pack.json',
    path: '/exercises/1',
    message: "exercise folder 'absent' not found"
  },
  {
    fixture: 'missing-field',
    file: 'ex/exercise.json',
    path: '/cells/0',
    message: "must have required property 'hints'"
  },
  {
    fixture: 'missing-notebook',
    file: 'ex/exercise.json',
    path: '/notebook',
    message: "notebook 'missing.ipynb' not found"
  },
  {
    fixture: 'mistyped-field',
    file: 'ex/exercise.json',
    path: '/minutes',
    message: 'must be an integer (found the string "ten")'
  },
  {
    fixture: 'newer-version',
    file: 'pack.json',
    path: '/schema',
    message:
      'pack.json uses format version 2, but this jupyterlab-mltutor reads version 1: upgrade jupyterlab-mltutor'
  },
  {
    fixture: 'non-utf8',
    file: 'ex/exercise.json',
    path: '',
    message: 'not valid UTF-8'
  },
  {
    fixture: 'notebook-bad-json',
    file: 'ex/exercise.ipynb',
    path: '',
    message: 'not valid JSON at line'
  },
  {
    fixture: 'notebook-bad-nbformat',
    file: 'ex/exercise.ipynb',
    path: '/cells/1',
    message: "must have required property 'cell_type'"
  },
  {
    fixture: 'pack-bad-json',
    file: 'pack.json',
    path: '',
    message: 'not valid JSON at line 5'
  },
  {
    fixture: 'pack-missing-topics',
    file: 'pack.json',
    path: '',
    message: "must have required property 'topics'"
  },
  {
    fixture: 'path-escape',
    file: 'ex/exercise.json',
    path: '/notebook',
    message: "path '../../x.ipynb' leads outside the pack"
  },
  {
    fixture: 'too-few-hints',
    file: 'ex/exercise.json',
    path: '/cells/0/hints',
    message: 'must have at least 2 items'
  },
  {
    fixture: 'undeclared-topic',
    file: 'ex/exercise.json',
    path: '/topic',
    message: "topic 'statistics' is not declared in pack.json"
  },
  {
    fixture: 'unknown-cell',
    file: 'ex/exercise.json',
    path: '/cells/0/cell',
    message: "no cell of the notebook is tagged 'mltutor:final-answer'"
  },
  {
    fixture: 'unknown-check-kind',
    file: 'ex/exercise.json',
    path: '/cells/0/checks/1/kind',
    message:
      "unknown check kind 'regex' (known: value, assert, output, figure, quiz)"
  },
  {
    fixture: 'unknown-fails',
    file: 'ex/exercise.json',
    path: '/cells/0/wrong_answers/0/fails',
    message: "'is-41' is not a check of cell 'answer'"
  },
  {
    fixture: 'unknown-property',
    file: 'ex/exercise.json',
    path: '/author',
    message: "unknown property 'author'"
  },
  {
    fixture: 'valid-duplicate-id',
    file: 'ex/exercise.json',
    path: '/id',
    message: "exercise id 'fixture-sum-list' is already used"
  },
  {
    fixture: 'value-check-two-references',
    file: 'ex/exercise.json',
    path: '/cells/0/checks/0',
    message: "must have only one of 'expected', 'reference'"
  }
];

/** Exercises of the valid fixture pack, in order. */
export const VALID_EXERCISES = ['fixture-sum-list', 'fixture-bar-chart'];
