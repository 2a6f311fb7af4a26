/** A date and morning/afternoon choice for the office's session lists. */
import { useId } from 'react';
import { parseLocalDate, type SessionRef } from '../../domain/index';
import { DateField } from '../ui/DateField';

export interface SessionPickerProps {
  readonly session: SessionRef;
  readonly onChange: (session: SessionRef) => void;
  /** Hide the morning/afternoon choice (a whole-day list). */
  readonly dateOnly?: boolean;
}

export function SessionPicker({ session, onChange, dateOnly = false }: SessionPickerProps) {
  const dateId = useId();
  return (
    <div className="session-picker">
      <div className="field">
        <label htmlFor={dateId} className="field-label">
          Date
        </label>
        <DateField
          id={dateId}
          value={session.date}
          onChange={(value) => {
            const date = parseLocalDate(value);
            if (date !== null) onChange({ ...session, date });
          }}
        />
      </div>
      {!dateOnly && (
        <fieldset className="session-picker__parts">
          <legend className="field-label">Session</legend>
          {(['AM', 'PM'] as const).map((part) => (
            <button
              key={part}
              type="button"
              className="button button--choice"
              aria-pressed={session.part === part}
              onClick={() => onChange({ ...session, part })}
            >
              {part === 'AM' ? 'Morning' : 'Afternoon'}
            </button>
          ))}
        </fieldset>
      )}
    </div>
  );
}
