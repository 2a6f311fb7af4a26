/**
 * A list of pupils (penalty notices, lateness, duty alerts) split by a characteristic, the way the
 * absence list is (docs/design.md §5 "Pupil characteristics"): each pupil who passed the filters
 * is placed in the group they were in on the range's last day; each group counts them and how
 * many of them the list names. The list itself is unchanged.
 */
import { CHARACTERISTICS, characteristicValueLabel } from '../../domain/index';
import type { ListSplit } from '../../shared/api/reportSchemas';
import type { ListSplit as PupilValues } from './absenceList';
import type { PupilInfo } from './reportPupils';

export function splitList(
  by: PupilValues,
  pupils: readonly PupilInfo[],
  listed: ReadonlySet<string>,
  smallGroupMinimum: number,
): ListSplit {
  return {
    key: by.key,
    label: CHARACTERISTICS[by.key].label,
    smallGroupMinimum,
    rows: [...CHARACTERISTICS[by.key].values, null].flatMap((value) => {
      const mine = pupils.filter((p) => by.valueOf(p.id) === value);
      if (mine.length === 0) return [];
      return [
        {
          value,
          label: characteristicValueLabel(by.key, value),
          pupils: mine.length,
          listed: mine.filter((p) => listed.has(p.id)).length,
          suppressed: mine.length < smallGroupMinimum,
        },
      ];
    }),
  };
}
