/** The checker plugin: provides the check engine under its token. */
import { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { CheckEngine } from '../checking';
import { ICheckEngine } from '../tokens';
import { markActivation } from './timing';

export const checkerPlugin: JupyterFrontEndPlugin<ICheckEngine> = {
  id: 'jupyterlab-mltutor:checker',
  description:
    "Checks exercise cells through silent requests to the learner's kernel.",
  autoStart: true,
  provides: ICheckEngine,
  activate: () => new CheckEngine()
};

// Performance marks around activation (docs/performance.md).
markActivation(checkerPlugin);
