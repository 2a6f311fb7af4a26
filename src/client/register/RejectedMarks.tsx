/**
 * Marks the office server refused, each with its reason (docs/design.md §7.1: rejected marks are
 * shown, never silently dropped). They stay on the tablet; the teacher can mark the pupil again.
 * A refused undo of a first mark says so: the pupil keeps the mark, and the reason says why.
 */
import { useId } from 'react';
import type { Roster } from '../../shared/api/syncSchemas';
import type { AppDb } from '../db/appDb';
import { useRejectedMarks } from '../marks/useRejectedMarks';
import { formatSessionShort } from '../ui/format';

export function RejectedMarks({ db, roster }: { readonly db: AppDb; readonly roster: Roster }) {
  const rejected = useRejectedMarks(db);
  const headingId = useId();
  if (rejected === undefined || rejected.length === 0) return null;
  const nameOf = (pupilId: string) =>
    roster.pupils.find((p) => p.id === pupilId)?.displayName ?? 'A pupil no longer listed';
  const count = rejected.length;

  return (
    <details className="notice notice--error rejected">
      <summary id={headingId}>
        {count} mark{count === 1 ? ' was' : 's were'} not accepted by the office
      </summary>
      <ul aria-labelledby={headingId}>
        {rejected
          .slice()
          .reverse()
          .map((mark) => (
            <li key={mark.eventId}>
              <strong>{nameOf(mark.pupilId)}</strong>, {formatSessionShort(mark.session)}:{' '}
              {mark.kind === 'withdrawn' ? `undo of ${mark.code}` : mark.code} —{' '}
              {mark.ackReason ?? 'no reason was given'}
            </li>
          ))}
      </ul>
    </details>
  );
}
