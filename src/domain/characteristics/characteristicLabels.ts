/**
 * How a characteristic's values and groups read on screen, in print and in file names: the one
 * set of words, so a report's split, a governor's target and the DfE comparison name a group alike.
 */
import {
  CHARACTERISTICS,
  type CharacteristicGroup,
  type CharacteristicKey,
} from './characteristics';

const VALUE_LABELS: Readonly<Record<string, string>> = {
  yes: 'Yes',
  no: 'No',
  female: 'Female',
  male: 'Male',
  white: 'White',
  mixed: 'Mixed',
  asian: 'Asian',
  black: 'Black',
  chinese: 'Chinese',
  other: 'Any other',
  unclassified: 'Unclassified (refused or not obtained)',
  english: 'English',
  unknown: 'Not known',
  none: 'No SEN',
  senSupport: 'SEN support',
  ehcPlan: 'EHC plan',
};

/** A value as a report shows it; null is "Not recorded". */
export function characteristicValueLabel(key: CharacteristicKey, value: string | null): string {
  if (value === null) return 'Not recorded';
  if (key === 'firstLanguage' && value === 'other') return 'Other than English';
  return VALUE_LABELS[value] ?? value;
}

/** "All pupils" (null), "Free school meals: Yes", "SEN provision: EHC plan". */
export function characteristicGroupLabel(group: CharacteristicGroup | null): string {
  if (group === null) return 'All pupils';
  return `${CHARACTERISTICS[group.key].label}: ${characteristicValueLabel(group.key, group.value)}`;
}
