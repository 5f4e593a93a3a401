/**
 * The exercise panel plugin: the sidebar, the launcher card, the palette
 * category and the Help menu entry to the authoring guide.
 */
import {
  ILabShell,
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, MainAreaWidget } from '@jupyterlab/apputils';
import { ILauncher } from '@jupyterlab/launcher';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { CommandIDs, NO_ARGS, TRANSLATION_DOMAIN } from '../commands';
import { exercisesIcon } from '../icons';
import { createMarkdownRenderer } from '../notebook/render-markdown';
import { createGuideWidget } from '../panel/guide';
import { ExercisePanel } from '../panel/panel';
import { IExerciseCatalog, IProgressStore } from '../tokens';
import { markActivation } from './timing';

export const panelPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-mltutor:panel',
  description:
    'The exercise panel in the left sidebar, with launcher, palette and help entries.',
  autoStart: true,
  requires: [IExerciseCatalog, IProgressStore, IRenderMimeRegistry],
  optional: [
    ILabShell,
    ILayoutRestorer,
    ILauncher,
    ICommandPalette,
    ITranslator
  ],
  activate: (
    app: JupyterFrontEnd,
    catalog: IExerciseCatalog,
    progress: IProgressStore,
    rendermime: IRenderMimeRegistry,
    labShell: ILabShell | null,
    restorer: ILayoutRestorer | null,
    launcher: ILauncher | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ) => {
    const translation = translator ?? nullTranslator;
    const trans = translation.load(TRANSLATION_DOMAIN);
    const renderMarkdown = createMarkdownRenderer(rendermime, translation);
    let guideWidget: MainAreaWidget | null = null;
    const panel = new ExercisePanel({
      catalog,
      progress,
      commands: app.commands,
      renderMarkdown,
      trans
    });
    app.shell.add(panel, 'left', { rank: 300 });
    restorer?.add(panel, panel.id);

    app.commands.addCommand(CommandIDs.openPanel, {
      describedBy: { args: NO_ARGS },
      label: trans.__('ML Exercises'),
      caption: trans.__('Open the machine-learning exercises'),
      icon: exercisesIcon,
      execute: () => {
        if (labShell) {
          labShell.activateById(panel.id);
        } else {
          app.shell.activateById(panel.id);
        }
      }
    });
    app.commands.addCommand(CommandIDs.openAuthoringGuide, {
      describedBy: { args: NO_ARGS },
      label: trans.__('ML Exercises: Authoring Guide'),
      caption: trans.__('How to write exercise packs'),
      execute: async () => {
        let guide = guideWidget;
        if (!guide || guide.isDisposed) {
          guide = guideWidget = await createGuideWidget(renderMarkdown, trans);
          app.shell.add(guide, 'main');
        }
        app.shell.activateById(guide.id);
      }
    });

    launcher?.add({
      command: CommandIDs.openPanel,
      category: trans.__('Other'),
      rank: 0
    });
    if (palette) {
      const category = trans.__('ML Exercises');
      for (const command of [
        CommandIDs.openPanel,
        CommandIDs.checkCell,
        CommandIDs.checkNotebook,
        CommandIDs.checkCleanKernel,
        CommandIDs.exportProgress,
        CommandIDs.openAuthoringGuide
      ]) {
        palette.addItem({ command, category });
      }
    }
  }
};

// Performance marks around activation (docs/performance.md).
markActivation(panelPlugin);
