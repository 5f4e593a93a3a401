/**
 * jupyterlab-mltutor: the plugins. Each lives in its own module under
 * `plugins/`; this file only lists them.
 */
import { catalogPlugin } from './plugins/catalog';
import { checkerPlugin } from './plugins/checker';
import { classReportPlugin, classroomPlugin } from './plugins/classroom';
import { notebookPlugin } from './plugins/notebook';
import { panelPlugin } from './plugins/panel';
import { progressPlugin } from './plugins/progress';

export * from './tokens';

export default [
  classroomPlugin,
  catalogPlugin,
  checkerPlugin,
  progressPlugin,
  notebookPlugin,
  panelPlugin,
  classReportPlugin
];
