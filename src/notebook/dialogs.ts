/**
 * The questions the controller asks the learner: consent before running
 * checks a notebook carries, and confirmation before showing a solution.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';

/** Whether the learner agrees to run the checks that came with the notebook. */
export async function askToRunCarriedChecks(
  trans: TranslationBundle
): Promise<boolean> {
  const result = await showDialog({
    title: trans.__('Run the checks this notebook carries?'),
    body: trans.__(
      'This notebook checks itself: its checks came with the notebook, not from an exercise pack installed here. They are Python code that will run in your kernel. Run them only if you trust whoever shared the notebook.'
    ),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Not now') }),
      Dialog.okButton({ label: trans.__('Run the checks') })
    ]
  });
  return result.button.accept;
}

/**
 * Whether the learner wants the solution, told what it means for the
 * progress: a cell already passed keeps its pass (looking afterwards is not
 * recorded); otherwise the exercise shows “Solution revealed” rather than “Passed”.
 */
export async function confirmSolution(
  trans: TranslationBundle,
  passed: boolean
): Promise<boolean> {
  const result = await showDialog({
    title: trans.__('Show the solution?'),
    body: passed
      ? trans.__(
          'You have already passed this cell: looking at the reference solution now keeps your pass and is not recorded against you.'
        )
      : trans.__(
          'Trying with the hints first teaches more. Revealing the solution is recorded in your progress: this exercise will then show “Solution revealed” instead of “Passed”, even once your cell passes.'
        ),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Keep trying') }),
      Dialog.warnButton({ label: trans.__('Show solution') })
    ]
  });
  return result.button.accept;
}
