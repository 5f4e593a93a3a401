/**
 * The status-bar item: "7 / 21 solved". Clicking it opens the exercise panel.
 */
import { TextItem } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import type { CommandRegistry } from '@lumino/commands';
import type { ISignal } from '@lumino/signaling';
import * as React from 'react';
import { TRANSLATION_DOMAIN } from '../commands';
import { countSolved, IExerciseRef } from './summary';
import type { IProgressStore } from './types';

/** How to build a `ProgressStatus`. */
export interface IProgressStatusOptions {
  store: IProgressStore;
  /** The catalog's exercises, read on every render so it is never stale. */
  exercises: () => ReadonlyArray<IExerciseRef>;
  /** Emitted when `exercises` may give something new, e.g. `catalog.changed`. */
  exercisesChanged?: ISignal<unknown, unknown>;
  /** Runs `commandId` when the item is clicked. */
  commands?: Pick<CommandRegistry, 'execute'>;
  /** The command that opens the exercise panel. */
  commandId?: string;
  translator?: ITranslator;
}

/** The status-bar item showing how many exercises are solved. */
export class ProgressStatus extends ReactWidget {
  constructor(options: IProgressStatusOptions) {
    super();
    this._options = options;
    this.addClass('jp-MLTutor-ProgressStatus');
    options.store.changed.connect(this._refresh, this);
    options.exercisesChanged?.connect(this._refresh, this);
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._options.store.changed.disconnect(this._refresh, this);
    this._options.exercisesChanged?.disconnect(this._refresh, this);
    super.dispose();
  }

  protected render(): JSX.Element {
    const { store, exercises, commands, commandId, translator } = this._options;
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const all = exercises();
    const solved = countSolved((p, e) => store.get(p, e), all);
    const label = trans.__('%1 / %2 solved', solved, all.length);
    const title = trans.__(
      'Exercises solved. Click to open the exercise panel.'
    );
    const run = () => {
      if (commands && commandId) {
        void commands.execute(commandId);
      }
    };
    return (
      <button
        type="button"
        className="jp-MLTutor-ProgressStatus-button"
        title={title}
        aria-label={label}
        onClick={run}
      >
        <TextItem source={label} className="jp-MLTutor-ProgressStatus-label" />
      </button>
    );
  }

  private _refresh(): void {
    this.update();
  }

  private _options: IProgressStatusOptions;
}
