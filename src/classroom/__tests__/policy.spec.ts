import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import type { ILoadedExercise } from '../../catalog/types';
import {
  composeCatalogSettings,
  composeNotebookSettings,
  redactExercises
} from '../enforce';
import { allowedHints, NO_POLICY, parsePolicy } from '../policy';

const served = {
  locked: true,
  allowSolutions: false,
  maxHints: 1,
  exam: false,
  carryChecks: true,
  packFolders: ['course'],
  message: 'Quiz today',
  error: ''
};

function plugin(composite: Record<string, unknown>): ISettingRegistry.IPlugin {
  return {
    id: 'x',
    data: { composite, user: { ...composite } },
    raw: '{}',
    schema: { type: 'object' },
    version: '1'
  } as unknown as ISettingRegistry.IPlugin;
}

describe('parsePolicy', () => {
  it('keeps a well-formed policy', () => {
    expect(parsePolicy(served)).toEqual(served);
  });

  it('turns exam mode into no solutions, no hints, no carried checks', () => {
    const exam = parsePolicy({ ...served, exam: true, allowSolutions: true });
    expect(exam).toMatchObject({
      allowSolutions: false,
      maxHints: 0,
      carryChecks: false
    });
  });

  it('locks down on anything malformed', () => {
    for (const bad of [null, 'x', { ...served, maxHints: -1 }, { locked: 1 }]) {
      const policy = parsePolicy(bad);
      expect(policy.locked).toBe(true);
      expect(policy.allowSolutions).toBe(false);
      expect(policy.maxHints).toBe(0);
      expect(policy.error).not.toBe('');
    }
  });
});

describe('enforcement', () => {
  it('forces allowSolutions off whatever the user set', () => {
    const result = composeNotebookSettings(
      plugin({ allowSolutions: true, checkTimeout: 5 }),
      parsePolicy(served)
    );
    expect(result.data.composite).toEqual({
      allowSolutions: false,
      checkTimeout: 5
    });
  });

  it('leaves the settings alone outside a class', () => {
    const result = composeNotebookSettings(
      plugin({ allowSolutions: true }),
      NO_POLICY
    );
    expect(result.data.composite.allowSolutions).toBe(true);
  });

  it('puts the class folders back when the learner empties systemPackFolders', () => {
    const result = composeCatalogSettings(
      plugin({ systemPackFolders: [], packFolders: ['mine'] }),
      parsePolicy(served)
    );
    expect(result.data.composite.systemPackFolders).toEqual(['course']);
    expect(result.data.composite.packFolders).toEqual(['mine']);
  });

  it('cuts hints past the limit and removes solutions from loaded exercises', () => {
    const exercise = {
      packId: 'p',
      spec: {
        cells: [{ hints: ['a', 'b', 'c'], solution: 'x = 1' }]
      }
    } as unknown as ILoadedExercise;
    redactExercises([exercise], parsePolicy(served));
    expect(exercise.spec.cells[0].hints).toEqual(['a']);
    expect(exercise.spec.cells[0].solution).toBe('');
  });

  it('counts allowed hints', () => {
    expect(allowedHints(3, NO_POLICY)).toBe(3);
    expect(allowedHints(3, { ...NO_POLICY, maxHints: 0 })).toBe(0);
  });
});
