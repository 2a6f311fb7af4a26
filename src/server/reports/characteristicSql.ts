/**
 * The SQL that places a register entry in a pupil characteristic group: the pupil's span of the
 * key holding the entry's date (docs/design.md §5 "Pupil characteristics"). Used by the summary
 * (narrowed to one group) and by the split (characteristicSplit.ts).
 */
import { isYesNoKey, type CharacteristicGroup, characteristicGroupLabel } from '../../domain/index';

/** The span of `key` (parameter `$keyParam`) holding entry `e`'s date, for pupil `e.pupil_id`. */
export const spanOfEntry = (
  keyParam: number,
) => `ch.school_id = e.school_id AND ch.pupil_id = e.pupil_id
  AND ch.key = $${keyParam} AND ch.from_date <= e.session_date
  AND (ch.to_date IS NULL OR e.session_date <= ch.to_date)`;

/**
 * A condition on `register_entry e`: the entry's pupil was in `group` on its date. The key and
 * value are passed as parameters `$keyParam` and `$keyParam + 1` ({@link groupParams}).
 */
export function entryInGroupClause(group: CharacteristicGroup, keyParam: number): string {
  // "No" of a yes/no characteristic is every day outside its spans of "yes".
  if (isYesNoKey(group.key) && group.value === 'no') {
    return `NOT EXISTS (SELECT 1 FROM pupil_characteristic ch WHERE ${spanOfEntry(keyParam)} AND ch.value <> $${keyParam + 1})`;
  }
  return `EXISTS (SELECT 1 FROM pupil_characteristic ch WHERE ${spanOfEntry(keyParam)} AND ch.value = $${keyParam + 1})`;
}

/** The parameters {@link entryInGroupClause} reads. */
export const groupParams = (group: CharacteristicGroup): [string, string] => [
  group.key,
  group.value,
];

/** The wire form of the group a report was narrowed to (`suppressed` set by reportService). */
export function groupOnWire(group: CharacteristicGroup | null) {
  return group === null
    ? null
    : {
        key: group.key,
        value: group.value,
        label: characteristicGroupLabel(group),
        suppressed: false,
      };
}
