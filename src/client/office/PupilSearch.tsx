/**
 * A name box and the pupils matching what is typed, each a large button: one tap (or Enter on
 * the first match) chooses. Works offline: it searches the roster on this device.
 */
import { useId, useState, type KeyboardEvent } from 'react';
import type { LocalDate } from '../../domain/index';
import type { Roster } from '../../shared/api/syncSchemas';
import { findPupils, type FoundPupil } from './pupilSearch';

export interface PupilSearchProps {
  readonly roster: Roster;
  readonly date: LocalDate;
  readonly label: string;
  readonly onChoose: (found: FoundPupil) => void;
  /** Offer only pupils on roll on `date` (the late book, the sign-out book). */
  readonly onRollOnly?: boolean;
}

export function PupilSearch({
  roster,
  date,
  label,
  onChoose,
  onRollOnly = false,
}: PupilSearchProps) {
  const inputId = useId();
  const listId = useId();
  const [typed, setTyped] = useState('');
  const found = findPupils(roster, typed, date, undefined, onRollOnly);

  const choose = (item: FoundPupil) => {
    setTyped('');
    onChoose(item);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const first = found[0];
    if (event.key === 'Enter' && first !== undefined) {
      event.preventDefault();
      choose(first);
    }
  };

  return (
    <div className="pupil-search">
      <div className="field">
        <label htmlFor={inputId} className="field-label">
          {label}
        </label>
        <input
          id={inputId}
          type="search"
          autoComplete="off"
          aria-describedby={listId}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          onKeyDown={onKeyDown}
        />
      </div>
      <div id={listId} aria-live="polite">
        {typed.trim() !== '' && found.length === 0 && (
          <p className="hint">No pupil’s name contains “{typed.trim()}”.</p>
        )}
        {found.length > 0 && (
          <ul className="pupil-search__results" aria-label="Matching pupils">
            {found.map((item) => (
              <li key={item.pupil.id}>
                <button
                  type="button"
                  className="button button--choice"
                  onClick={() => choose(item)}
                >
                  <span className="button__title">{item.pupil.displayName}</span>
                  <span className="pupil-search__group">{item.groupName}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
