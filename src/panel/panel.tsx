/**
 * The exercise panel in the left sidebar: progress, a filter, the problems of
 * packs that did not load, and the tree of topics and exercises.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import type { CommandRegistry } from '@lumino/commands';
import type { Message } from '@lumino/messaging';
import * as React from 'react';
import { CommandIDs } from '../commands';
import { exercisesIcon } from '../icons';
import type { MarkdownRenderer } from '../notebook/markdown';
import type { IExerciseCatalog, ILoadedExercise } from '../catalog/types';
import { countSolved } from '../progress/summary';
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

  /** Shown (sidebar tab, status bar, command): keyboard focus goes into the tree, as in the file browser. */
  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this._focusTree();
  }

  protected onActivateRequest(msg: Message): void {
    super.onActivateRequest(msg);
    this._focusTree();
  }

  private _focusTree(): void {
    // After React rendered the rows (the first show renders them).
    requestAnimationFrame(() => {
      if (!this.isVisible || this.node.contains(document.activeElement)) {
        return;
      }
      const target =
        this.node.querySelector<HTMLElement>(
          '.jp-MLTutor-Tree [role="treeitem"][tabindex="0"]'
        ) ?? this.node.querySelector<HTMLElement>('.jp-MLTutor-Panel-filter');
      target?.focus();
    });
  }

  protected render(): JSX.Element {
    const { catalog, progress } = this._options;
    return (
      <UseSignal signal={catalog.changed}>
        {() => (
          <UseSignal signal={progress.changed}>
            {() => <PanelView {...this._options} scroller={this.node} />}
          </UseSignal>
        )}
      </UseSignal>
    );
  }

  private _options: IExercisePanelOptions;
}

function PanelView(
  props: IExercisePanelOptions & { scroller: HTMLElement }
): JSX.Element {
  const { catalog, progress, commands, trans, renderMarkdown } = props;
  const [query, setQuery] = React.useState('');
  const exercises = catalog.exercises;
  const statusOf = (exercise: ILoadedExercise) =>
    exerciseStatus(
      progress.get(exercise.packId, exercise.spec.id),
      exercise.spec.cells.map(cell => cell.cell)
    );
  const solved = countSolved(
    (packId, exerciseId) => progress.get(packId, exerciseId),
    exercises.map(exercise => ({
      packId: exercise.packId,
      exerciseId: exercise.spec.id,
      cellIds: exercise.spec.cells.map(cell => cell.cell)
    }))
  );
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
          scroller={props.scroller}
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
          onCleanCheck={exercise => void cleanCheck(commands, exercise)}
        />
      )}
    </div>
  );
}

/** Opens the exercise's notebook, then checks it in a clean kernel once the notebook is ready. */
async function cleanCheck(
  commands: CommandRegistry,
  exercise: ILoadedExercise
): Promise<void> {
  const args = { pack: exercise.packId, exercise: exercise.spec.id };
  if (!commands.isEnabled(CommandIDs.checkCleanKernel, args)) {
    await commands.execute(CommandIDs.openExercise, args);
    for (
      let tries = 0;
      tries < 100 && !commands.isEnabled(CommandIDs.checkCleanKernel, args);
      tries++
    ) {
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }
  await commands.execute(CommandIDs.checkCleanKernel, args);
}
