/**
 * The classroom plugins. The policy plugin reads the class policy from the server, locks the settings it
 * governs (transforms the Advanced Settings Editor cannot undo) and tells the learner.
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { describePolicy } from '../classroom/describe';
import { registerPolicyTransforms } from '../classroom/enforce';
import { ClassReporter } from '../classroom/events';
import { fetchClassPolicy, hasServerExtension } from '../classroom/policy';
import { ClassPolicyStatus } from '../classroom/status';
import { TRANSLATION_DOMAIN } from '../commands';
import {
  ICheckEngine,
  IClassroom,
  IExerciseCatalog,
  IProgressStore
} from '../tokens';
import { markActivation } from './timing';

export const classroomPlugin: JupyterFrontEndPlugin<IClassroom> = {
  id: 'jupyterlab-mltutor:classroom',
  description:
    "The class policy set by the hub's admin: solutions, hints, exam mode.",
  autoStart: true,
  provides: IClassroom,
  optional: [ISettingRegistry, IStatusBar, ITranslator],
  activate: async (
    app: JupyterFrontEnd,
    settingRegistry: ISettingRegistry | null,
    statusBar: IStatusBar | null,
    translator: ITranslator | null
  ): Promise<IClassroom> => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const policy = await fetchClassPolicy(app.serviceManager.serverSettings);
    if (settingRegistry) {
      registerPolicyTransforms(settingRegistry, policy);
    }
    const sentences = describePolicy(policy, trans);
    if (sentences.length > 0) {
      if (statusBar) {
        statusBar.registerStatusItem(classroomPlugin.id, {
          item: new ClassPolicyStatus(policy, trans),
          align: 'left',
          rank: 5
        });
      }
      void app.restored.then(() =>
        Notification.info(sentences.join(' '), { autoClose: 8000 })
      );
    }
    return { policy };
  }
};

/** Where the lab's server keeps events until the class service has them. */
function eventsUrl(settings: ServerConnection.ISettings): string {
  return URLExt.join(settings.baseUrl, 'mltutor', 'api', 'events');
}

/**
 * The class report plugin: the learner's verdicts, hints and revealed solutions go to
 * the class dashboard (through the outbox of the lab's server). Only in a lab whose
 * server has the jupyterlab_mltutor server extension.
 */
export const classReportPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-mltutor:class-report',
  description:
    "Reports the learner's progress to the class dashboard, through their server.",
  autoStart: true,
  requires: [IClassroom, IProgressStore, IExerciseCatalog, ICheckEngine],
  activate: (
    app: JupyterFrontEnd,
    classroom: IClassroom,
    progress: IProgressStore,
    catalog: IExerciseCatalog,
    engine: ICheckEngine
  ) => {
    if (!hasServerExtension()) {
      return;
    }
    const settings = app.serviceManager.serverSettings;
    const reporter = new ClassReporter({
      progress,
      catalog,
      send: async events => {
        const response = await ServerConnection.makeRequest(
          eventsUrl(settings),
          { method: 'POST', body: JSON.stringify({ events }) },
          settings
        );
        if (!response.ok) {
          throw new Error(`the outbox refused events (${response.status})`);
        }
      }
    });
    // Each verdict's checks go with the cell's next event (the most-failed checks).
    const check = engine.checkCell.bind(engine);
    engine.checkCell = async request => {
      const verdict = await check(request);
      reporter.noteVerdict(request.exercise.id, request.cell.cell, verdict);
      return verdict;
    };
  }
};

// Performance marks around activation (docs/performance.md).
markActivation(classroomPlugin);
markActivation(classReportPlugin);
