/** Packs and exercises that did not load: shown, never silently dropped. */
import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import type { IPackProblem } from '../catalog/types';

export function ProblemList(props: {
  problems: ReadonlyArray<IPackProblem>;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { problems, trans } = props;
  if (problems.length === 0) {
    return null;
  }
  return (
    <details className="jp-MLTutor-Problems" open>
      <summary role="alert">
        <span aria-hidden="true">⚠ </span>
        {trans._n(
          '%1 problem in exercise packs',
          '%1 problems in exercise packs',
          problems.length
        )}
      </summary>
      <ul className="jp-MLTutor-Problems-list">
        {problems.map((problem, index) => (
          <li key={index} className="jp-MLTutor-Problem">
            <code className="jp-MLTutor-Problem-location">
              {problem.path ? `${problem.file}: ${problem.path}` : problem.file}
            </code>
            <span className="jp-MLTutor-Problem-message">{problem.message}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
