import {
  ILabShell,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Widget } from '@lumino/widgets';

const panelPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-mltutor:panel',
  description: 'The exercise panel in the left sidebar.',
  autoStart: true,
  requires: [ILabShell],
  activate: (app: JupyterFrontEnd, shell: ILabShell) => {
    const panel = new Widget();
    panel.id = 'jp-MLTutor-panel';
    panel.addClass('jp-MLTutor-Panel');
    panel.title.caption = 'ML exercises';
    panel.title.label = 'ML';
    shell.add(panel, 'left', { rank: 300 });
  }
};

export default [panelPlugin];
