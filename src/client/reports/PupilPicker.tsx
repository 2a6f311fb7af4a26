/** Choose a pupil, listed by group: the groups the person may see, from the roster on this device. */
import { useId } from 'react';
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
  const isExtra = extra != null && !scope.pupils.some((p) => p.id === extra.id);
  if (scope.pupils.length === 0 && !isExtra) {
    return (
      <p className="notice">
        No pupils to choose from yet: this device has not received the school’s pupil list. Connect
        and let it sync, then come back.
      </p>
    );
  }
  return (
    <div className="field report-field">
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
        {scope.groups.map((group) => (
          <optgroup key={group.id} label={group.name}>
            {scope.pupils
              .filter((p) => p.groupId === group.id)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.sortName}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
