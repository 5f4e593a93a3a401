/** Packs and exercises that did not load: shown, never silently dropped. */
import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import type { ICatalogProblem } from '../catalog/types';

export function ProblemList(props: {
  problems: ReadonlyArray<ICatalogProblem>;
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
              {problem.path
                ? `${fileOf(problem)}: ${problem.path}`
                : fileOf(problem)}
            </code>
            <span className="jp-MLTutor-Problem-message">
              {problem.message}
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The file, with the folder of its pack unless it is bundled with the extension. */
function fileOf(problem: ICatalogProblem): string {
  if (problem.origin === 'bundled' || !problem.location) {
    return problem.file;
  }
  return problem.file
    ? `${problem.location.replace(/\/+$/, '')}/${problem.file}`
    : problem.location;
}
