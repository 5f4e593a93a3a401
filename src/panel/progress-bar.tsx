/** A labelled progress bar: the text says what the bar shows. */
import * as React from 'react';

export function ProgressBar(props: {
  value: number;
  max: number;
  label: string;
  compact?: boolean;
}): JSX.Element {
  const { value, max, label, compact } = props;
  const percent = max > 0 ? Math.round((100 * value) / max) : 0;
  return (
    <div className={`jp-MLTutor-Progress${compact ? ' jp-mod-compact' : ''}`}>
      <div
        className="jp-MLTutor-Progress-track"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value}
        aria-label={label}
      >
        <div
          className="jp-MLTutor-Progress-fill"
          style={{ width: `${percent}%` }}
        />
      </div>
      <span className="jp-MLTutor-Progress-label">{label}</span>
    </div>
  );
}
