/**
 * Choose a pupil, listed by group: the groups the person may see, from the roster on this device.
 * A whole school is hundreds of names, so a name box narrows the list first, by the same name
 * rule as every pupil search (`matchesName`: any part of the name, ignoring case, accents and
 * the kind of apostrophe).
 */
import { useId, useState } from 'react';
import { matchesName } from '../../domain/index';
import type { ReportScope } from './reportScope';

export interface PupilPickerProps {
  readonly scope: ReportScope;
  readonly value: string | null;
  /** A pupil chosen from a list row who is not in the roster (a leaver): named so it can be shown. */
  readonly extra?: { readonly id: string; readonly displayName: string } | null;
  readonly onChange: (pupilId: string | null) => void;
}

export function PupilPicker({ scope, value, extra, onChange }: PupilPickerProps) {
  const id = useId();
  const [typed, setTyped] = useState('');
  const isExtra = extra != null && !scope.pupils.some((p) => p.id === extra.id);
  if (scope.pupils.length === 0 && !isExtra) {
    return (
      <p className="notice">
        No pupils to choose from yet: this device has not received the school’s pupil list. Connect
        and let it sync, then come back.
      </p>
    );
  }
  // The chosen pupil stays listed, so the box never shows a choice the list no longer has.
  const shown = scope.pupils.filter(
    (p) => typed.trim() === '' || p.id === value || matchesName(typed, [p.displayName, p.sortName]),
  );
  return (
    <div className="report-field pupil-picker">
      <div className="field">
        <label className="field-label" htmlFor={`${id}-name`}>
          Find a pupil by name
        </label>
        <input
          id={`${id}-name`}
          type="search"
          autoComplete="off"
          aria-describedby={`${id}-count`}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
        />
        <span id={`${id}-count`} className="hint" aria-live="polite">
          {typed.trim() === ''
            ? `${scope.pupils.length} pupils`
            : `${shown.length} of ${scope.pupils.length} pupils`}
        </span>
      </div>
      <div className="field">
        <label className="field-label" htmlFor={id}>
          Pupil
        </label>
        <select
          id={id}
          value={value ?? ''}
          onChange={(event) => onChange(event.target.value === '' ? null : event.target.value)}
        >
          <option value="">Choose a pupil…</option>
          {isExtra && <option value={extra.id}>{extra.displayName}</option>}
          {scope.groups.map((group) => {
            const inGroup = shown.filter((p) => p.groupId === group.id);
            return (
              inGroup.length > 0 && (
                <optgroup key={group.id} label={group.name}>
                  {inGroup.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.sortName}
                    </option>
                  ))}
                </optgroup>
              )
            );
          })}
        </select>
      </div>
    </div>
  );
}
