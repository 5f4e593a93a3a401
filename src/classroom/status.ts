/** The status-bar item that tells the learner what the class policy switched off. */
import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { describePolicy, policyLabel } from './describe';
import type { IClassPolicy } from './policy';

export class ClassPolicyStatus extends Widget {
  constructor(policy: IClassPolicy, trans: TranslationBundle) {
    super();
    this.addClass('jp-MLTutor-ClassPolicy');
    const sentences = describePolicy(policy, trans);
    this.node.textContent = policyLabel(policy, trans);
    // Focusable, so keyboard and screen-reader users reach the full explanation.
    this.node.tabIndex = 0;
    this.node.setAttribute('role', 'status');
    this.node.title = sentences.join('\n');
    this.node.setAttribute('aria-label', sentences.join(' '));
  }
}
