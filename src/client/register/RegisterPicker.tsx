/**
 * Another group or a past session, each one tap after opening this panel (docs/design.md §3.4): the
 * person's own groups and every other group, the recent school sessions, and a date for anything
 * older. Days that are not school days are refused with the reason.
 */
import { useId, useState, type FormEvent } from 'react';
import {
  parseLocalDate,
  sessionKey,
  sessionOf,
  type GroupRef,
  type SchoolConfig,
  type SessionPart,
  type SessionRef,
} from '../../domain/index';
import type { RosterGroup } from '../marks/roster';
import { formatDay, formatSession, formatSessionShort } from '../ui/format';
import { DateField } from '../ui/DateField';
import { Modal } from '../ui/Modal';

export interface RegisterPickerProps {
  readonly school: SchoolConfig;
  readonly groups: readonly RosterGroup[];
  readonly ownGroupIds: readonly string[];
  readonly groupId: string | null;
  readonly groupRef: GroupRef | null;
  readonly session: SessionRef | null;
  readonly recent: readonly SessionRef[];
  readonly onGroup: (groupId: string) => void;
  readonly onSession: (session: SessionRef) => void;
  readonly onFollowClock: () => void;
  readonly onClose: () => void;
  readonly returnFocusTo: HTMLElement | null;
}

export function RegisterPicker(props: RegisterPickerProps) {
  const { school, groups, ownGroupIds, groupId, session, recent } = props;
  const headingId = useId();
  const dateId = useId();
  const [date, setDate] = useState<string>(session?.date ?? '');
  const [part, setPart] = useState<SessionPart>(session?.part ?? 'AM');
  const [error, setError] = useState<string | null>(null);
  const own = groups.filter((g) => ownGroupIds.includes(g.id));
  const others = groups.filter((g) => !ownGroupIds.includes(g.id));

  const openDate = (event: FormEvent) => {
    event.preventDefault();
    const day = parseLocalDate(date);
    if (day === null) {
      setError('Choose a date.');
      return;
    }
    const chosen: SessionRef = { date: day, part };
    const status = sessionOf(school, chosen, props.groupRef?.yearGroup);
    if (status !== 'open') {
      setError(
        status === 'closed'
          ? `The school is closed for ${formatSession(chosen)}.`
          : `${formatDay(day)} is not a school day.`,
      );
      return;
    }
    setError(null);
    props.onSession(chosen);
  };

  const groupButton = (group: RosterGroup) => (
    <li key={group.id}>
      <button
        type="button"
        className="button button--choice"
        aria-pressed={group.id === groupId}
        onClick={() => props.onGroup(group.id)}
      >
        {group.name}
      </button>
    </li>
  );

  return (
    <Modal labelledBy={headingId} onClose={props.onClose} returnFocusTo={props.returnFocusTo}>
      <div className="picker__header">
        <h2 id={headingId} tabIndex={-1}>
          Change register
        </h2>
        <button type="button" className="button" onClick={props.onClose}>
          Done
        </button>
      </div>
      <button type="button" className="button button--wide" onClick={props.onFollowClock}>
        Back to my register now
      </button>

      <h3>Class</h3>
      {own.length > 0 && (
        <ul className="picker__list" aria-label="Your classes">
          {own.map(groupButton)}
        </ul>
      )}
      {others.length > 0 && (
        <details className="picker__more" open={own.length === 0}>
          <summary className="button">{own.length === 0 ? 'Classes' : 'Other classes'}</summary>
          <ul className="picker__list" aria-label={own.length === 0 ? 'Classes' : 'Other classes'}>
            {others.map(groupButton)}
          </ul>
        </details>
      )}

      <h3>Session</h3>
      <ul className="picker__list" aria-label="Recent sessions">
        {recent.map((s) => (
          <li key={sessionKey(s)}>
            <button
              type="button"
              className="button button--choice"
              aria-pressed={session !== null && sessionKey(s) === sessionKey(session)}
              aria-label={formatSession(s)}
              onClick={() => props.onSession(s)}
            >
              {formatSessionShort(s)}
            </button>
          </li>
        ))}
      </ul>
      <form className="picker__date" onSubmit={openDate} noValidate>
        <div className="field">
          <label htmlFor={dateId} className="field-label">
            An earlier date
          </label>
          <DateField id={dateId} value={date} onChange={setDate} />
        </div>
        <fieldset className="segmented">
          <legend className="visually-hidden">Morning or afternoon</legend>
          {(['AM', 'PM'] as const).map((p) => (
            <label key={p} className="segmented__option">
              <input
                type="radio"
                name="part"
                value={p}
                checked={part === p}
                onChange={() => setPart(p)}
              />
              {p === 'AM' ? 'Morning' : 'Afternoon'}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button button--primary">
          Open
        </button>
        {error !== null && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Modal>
  );
}
