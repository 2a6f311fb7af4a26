/**
 * Progress of a long step (uploading a file, writing an import): a native `<progress>` with a
 * name, the figures in words beside it, announced politely as they change. Without `max` the bar
 * is indeterminate (the server has not said how much there is yet).
 */
import { useId } from 'react';
import { formatCount } from './adminFormat';

export interface ProgressBarProps {
  /** What is happening: "Uploading pupils.csv", "Writing marks". */
  readonly label: string;
  readonly value?: number;
  readonly max?: number;
  /** The unit the figures count ("rows"); with it the detail reads "1,200 of 5,000 rows". */
  readonly unit?: string;
}

export function ProgressBar({ label, value, max, unit }: ProgressBarProps) {
  const id = useId();
  const isKnown = value !== undefined && max !== undefined && max > 0;
  const percent = isKnown ? Math.min(100, Math.floor((value / max) * 100)) : null;
  return (
    <div className="admin-progress" role="status" aria-live="polite">
      <p className="admin-progress__label" id={id}>
        {label}
        {percent !== null && `: ${percent}%`}
      </p>
      {isKnown ? (
        <progress className="admin-progress__bar" aria-labelledby={id} value={value} max={max} />
      ) : (
        <progress className="admin-progress__bar" aria-labelledby={id} />
      )}
      {isKnown && unit !== undefined && (
        <p className="admin-progress__detail">
          {formatCount(value)} of {formatCount(max)} {unit}
        </p>
      )}
    </div>
  );
}
