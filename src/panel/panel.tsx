/**
 * The exercise panel in the left sidebar: progress, a filter, the problems of
 * packs that did not load, and the tree of topics and exercises.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import type { CommandRegistry } from '@lumino/commands';
import * as React from 'react';
import { CommandIDs } from '../commands';
import { exercisesIcon } from '../icons';
import type { MarkdownRenderer } from '../notebook/markdown';
import type { IExerciseCatalog, ILoadedExercise } from '../catalog/types';
import { exerciseStatus, IProgressStore } from '../progress/types';
import { ExerciseTree } from './exercise-tree';
import { ProblemList } from './problems';
import { ProgressBar } from './progress-bar';

export interface IExercisePanelOptions {
  catalog: IExerciseCatalog;
  progress: IProgressStore;
  commands: CommandRegistry;
  renderMarkdown: MarkdownRenderer;
  trans: TranslationBundle;
}

export class ExercisePanel extends ReactWidget {
  constructor(options: IExercisePanelOptions) {
    super();
    this._options = options;
    this.id = 'jp-MLTutor-panel';
    this.addClass('jp-MLTutor-Panel');
    this.title.icon = exercisesIcon;
    this.title.caption = options.trans.__('ML exercises');
  }

  protected render(): JSX.Element {
    const { catalog, progress } = this._options;
    return (
      <UseSignal signal={catalog.changed}>
        {() => (
          <UseSignal signal={progress.changed}>
            {() => <PanelView {...this._options} />}
          </UseSignal>
        )}
      </UseSignal>
    );
  }

  private _options: IExercisePanelOptions;
}

function PanelView(props: IExercisePanelOptions): JSX.Element {
  const { catalog, progress, commands, trans, renderMarkdown } = props;
  const [query, setQuery] = React.useState('');
  const exercises = catalog.exercises;
  const statusOf = (exercise: ILoadedExercise) =>
    exerciseStatus(
      progress.get(exercise.packId, exercise.spec.id),
      exercise.spec.cells.map(cell => cell.cell)
    );
  const solved = exercises.filter(
    exercise => statusOf(exercise) === 'passed'
  ).length;
  return (
    <div className="jp-MLTutor-Panel-content">
      <header className="jp-MLTutor-Panel-header">
        <h2 className="jp-MLTutor-Panel-title">{trans.__('ML exercises')}</h2>
        <ProgressBar
          value={solved}
          max={exercises.length}
          label={trans.__('%1 / %2 solved', solved, exercises.length)}
        />
      </header>
      <input
        className="jp-MLTutor-Panel-filter jp-InputGroup"
        type="search"
        placeholder={trans.__('Filter exercises')}
        aria-label={trans.__('Filter exercises')}
        value={query}
        onChange={event => setQuery(event.target.value)}
      />
      <ProblemList problems={catalog.problems} trans={trans} />
      {catalog.loading && exercises.length === 0 ? (
        <p className="jp-MLTutor-Panel-empty">
          {trans.__('Loading exercises…')}
        </p>
      ) : (
        <ExerciseTree
          packs={catalog.packs}
          query={query}
          statusOf={statusOf}
          trans={trans}
          renderMarkdown={renderMarkdown}
          onOpen={exercise =>
            void commands.execute(CommandIDs.openExercise, {
              pack: exercise.packId,
              exercise: exercise.spec.id
            })
          }
          onReset={exercise =>
            void commands.execute(CommandIDs.resetExercise, {
              pack: exercise.packId,
              exercise: exercise.spec.id
            })
          }
        />
      )}
    </div>
  );
}
