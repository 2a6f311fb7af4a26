/**
 * The arrival time as the register and the office's late book ask for it: a time field, what
 * the rules make of it (a live status, such as "L — 10 minutes late"), and the register's times
 * for the group, so the person can see why.
 */
import { formatWallTime, type SessionTimes } from '../../domain/index';
import { TimeField } from './TimeField';

export interface ArrivalTimeFieldProps {
  readonly id: string;
  /** HH:MM as typed. */
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** What the rules make of the time, or why they cannot. */
  readonly decision: string;
  /** The status line's class (each screen places it its own way). */
  readonly decisionClassName: string;
  /** The group's register times for the session. */
  readonly times: SessionTimes;
}

export function ArrivalTimeField(props: ArrivalTimeFieldProps) {
  return (
    <>
      <div className="field">
        <label htmlFor={props.id} className="field-label">
          Arrival time
        </label>
        <TimeField id={props.id} value={props.value} onChange={props.onChange} />
      </div>
      <p className={props.decisionClassName} role="status">
        {props.decision}
      </p>
      <p className="hint">
        The register starts at {formatWallTime(props.times.start)} and closes at{' '}
        {formatWallTime(props.times.registerCloses)}.
      </p>
    </>
  );
}
