/**
 * The worked example of docs/authoring.md ("how to write right answers and
 * diagnoses") is the cell of tests/fixtures/verify-worked-example, and it
 * verifies as the guide says: 3 right answers passed, 3 wrong answers caught,
 * 3 diagnoses matched.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { bundleVerify, ROOT } from './verify-cli';

const PACK = join(ROOT, 'tests/fixtures/verify-worked-example');
const cli = bundleVerify();
afterAll(() => cli.dispose());

test("the guide's example is the fixture's cell", () => {
  const guide = readFileSync(join(ROOT, 'docs/authoring.md'), 'utf8');
  const section = guide.slice(guide.indexOf('### Worked example'));
  const block = /```json\n([\s\S]*?)```/.exec(section);
  const spec = JSON.parse(
    readFileSync(join(PACK, 'fill-ages/exercise.json'), 'utf8')
  );
  expect(JSON.parse(block![1])).toEqual(spec.cells[0]);
});

test.each([[[]], [['--fresh-kernels']]])(
  'it verifies with every count as the guide says (%j)',
  async extra => {
    const result = await cli.run([PACK, ...extra]);
    expect(result.stdout).toMatch(
      /^ok {3}fill-ages {2}\(2 checks; right answers 3\/3 passed, wrong answers 3\/3 caught, diagnoses 3\/3 matched; \d+\.\d s\)$/m
    );
    expect(result.code).toBe(0);
  },
  300000
);
