/**
 * The classroom plugin: reads the class policy from the server, locks the settings it
 * governs (transforms the Advanced Settings Editor cannot undo) and tells the learner.
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { describePolicy } from '../classroom/describe';
import { registerPolicyTransforms } from '../classroom/enforce';
import { fetchClassPolicy } from '../classroom/policy';
import { ClassPolicyStatus } from '../classroom/status';
import { IClassroom } from '../classroom/token';
import { TRANSLATION_DOMAIN } from '../commands';

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
