/**
 * Generated packs for the benchmarks: one exercise whose cell has six kernel
 * checks (issue 15 item 2), and a pack of many small exercises (item 5).
 */
import * as fs from 'fs';
import * as path from 'path';

const NOTEBOOK_META = {
  kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
  language_info: { name: 'python' }
};

function notebook(cells: { type: string; source: string; tag?: string }[]) {
  return {
    cells: cells.map((cell, index) => ({
      cell_type: cell.type,
      id: `c${index}`,
      metadata: cell.tag ? { tags: [`mltutor:${cell.tag}`] } : {},
      source: cell.source,
      ...(cell.type === 'code' ? { execution_count: null, outputs: [] } : {})
    })),
    metadata: NOTEBOOK_META,
    nbformat: 4,
    nbformat_minor: 5
  };
}

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 1));
}

/** The answer that passes the six checks, printing `token`. */
export function passing(token: string): string {
  return `x = 1\ny = [1, 2, 3]\nz = {'a': 1}\nprint('${token}')`;
}

/** An answer that fails three of the six checks, printing `token`. */
export function failing(token: string): string {
  return `x = 2\ny = [1, 2]\nz = {'a': 1}\nprint('${token}')`;
}

export const SIX = { id: 'bench-six-checks', title: 'Bench: six checks' };

/** A pack `bench-six` in `folder`: one exercise, one cell with six kernel checks. */
export function writeSixChecksPack(folder: string): void {
  writeJson(path.join(folder, 'pack.json'), {
    schema: 1,
    id: 'bench-six',
    title: 'Bench: six checks',
    version: '1.0.0',
    topics: [{ id: 'bench', title: 'Bench' }],
    exercises: ['bench/six']
  });
  const dir = path.join(folder, 'bench', 'six');
  writeJson(path.join(dir, 'exercise.json'), {
    schema: 1,
    id: SIX.id,
    version: '1',
    title: SIX.title,
    topic: 'bench',
    difficulty: 'beginner',
    statement: 'Set `x`, `y` and `z`.',
    notebook: 'six.ipynb',
    cells: [
      {
        cell: 'six',
        checks: [
          { id: 'x', kind: 'value', expr: 'x', expected: 1 },
          { id: 'y', kind: 'value', expr: 'y', expected: [1, 2, 3] },
          { id: 'z', kind: 'value', expr: 'z', expected: { a: 1 } },
          { id: 'y-len', kind: 'value', expr: 'len(y)', expected: 3 },
          { id: 'x-plus', kind: 'assert', code: 'assert x + 1 == 2, x' },
          { id: 'z-dict', kind: 'assert', code: 'assert isinstance(z, dict)' }
        ],
        hints: ['x is 1.', 'y has three items.'],
        solution: passing('solved'),
        wrong_answers: [{ code: failing('wrong'), fails: 'x' }]
      }
    ]
  });
  writeJson(
    path.join(dir, 'six.ipynb'),
    notebook([
      { type: 'markdown', source: '# Six checks' },
      { type: 'code', source: '# x = ...', tag: 'six' },
      { type: 'markdown', source: 'The end.' }
    ])
  );
}

/** A pack `bench-many` in `folder` with `count` small exercises over ten topics. */
export function writeManyPack(folder: string, count: number): string[] {
  const topics = Array.from({ length: 10 }, (_, i) => ({
    id: `t${i}`,
    title: `Bench topic ${i}`
  }));
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `bench-${String(i).padStart(4, '0')}`;
    const topic = topics[i % topics.length].id;
    ids.push(`${topic}/${id}`);
    const dir = path.join(folder, topic, id);
    writeJson(path.join(dir, 'exercise.json'), {
      schema: 1,
      id,
      version: '1',
      title: `Bench exercise ${String(i).padStart(4, '0')}`,
      topic,
      difficulty: 'beginner',
      statement: `Set \`v\` to ${i}.`,
      notebook: `${id}.ipynb`,
      cells: [
        {
          cell: 'v',
          checks: [{ id: 'v', kind: 'value', expr: 'v', expected: i }],
          hints: ['v is a number.', `v = ${i}`],
          solution: `v = ${i}`,
          wrong_answers: [{ code: `v = ${i + 1}`, fails: 'v' }]
        }
      ]
    });
    writeJson(
      path.join(dir, `${id}.ipynb`),
      notebook([
        { type: 'markdown', source: `# Exercise ${i}` },
        { type: 'code', source: '# v = ...', tag: 'v' }
      ])
    );
  }
  writeJson(path.join(folder, 'pack.json'), {
    schema: 1,
    id: 'bench-many',
    title: 'Bench: many exercises',
    version: '1.0.0',
    topics,
    exercises: ids
  });
  return ids.map(id => id.split('/')[1]);
}

/** Adds `folders` (relative to the lab root) as system-wide pack folders. */
export function usePackFolders(appSettings: string, folders: string[]): void {
  writeJson(path.join(appSettings, 'overrides.json'), {
    'jupyterlab-mltutor:catalog': { systemPackFolders: folders }
  });
}

/** Merges `figures` into the JSON file named by MLTUTOR_BENCH_OUT. */
export function record(figures: Record<string, unknown>): void {
  const file = process.env.MLTUTOR_BENCH_OUT;
  if (!file) {
    return;
  }
  let previous: Record<string, unknown> = {};
  try {
    previous = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    // first figures
  }
  writeJson(file, { ...previous, ...figures });
}
