/**
 * Choose a pupil from the roster on this device (only the groups the person may see). A whole
 * school is hundreds of names, so it is a type-ahead box (`NameCombobox`), not a drop-down:
 * typing any part of a name narrows the list by the same rule as every pupil search.
 */
import { NameCombobox, type ComboItem } from '../ui/NameCombobox';
import type { ReportScope } from './reportScope';

export interface PupilPickerProps {
  readonly scope: ReportScope;
  readonly value: string | null;
  /** A pupil chosen from a list row who is not in the roster (a leaver): named so it can be shown. */
  readonly extra?: { readonly id: string; readonly displayName: string } | null;
  readonly onChange: (pupilId: string | null) => void;
}

export function PupilPicker({ scope, value, extra, onChange }: PupilPickerProps) {
  const isExtra = extra != null && !scope.pupils.some((p) => p.id === extra.id);
  if (scope.pupils.length === 0 && !isExtra) {
    return (
      <p className="notice">
        No pupils to choose from yet: this device has not received the school’s pupil list. Connect
        and let it sync, then come back.
      </p>
    );
  }
  const groupName = new Map(scope.groups.map((g) => [g.id, g.name]));
  const items: ComboItem[] = scope.pupils.map((p) => ({
    id: p.id,
    label: p.sortName,
    detail: groupName.get(p.groupId),
    names: [p.displayName, p.sortName],
  }));
  if (isExtra)
    items.unshift({ id: extra.id, label: extra.displayName, names: [extra.displayName] });
  return (
    <div className="report-field pupil-picker">
      <NameCombobox label="Pupil" noun="pupil" items={items} value={value} onChange={onChange} />
    </div>
  );
}
