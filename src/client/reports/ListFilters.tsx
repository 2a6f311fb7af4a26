/**
 * Filters shared by the pupil lists: group, year group, and the flags imported with pupils (SEND,
 * free school meals, looked-after, social worker). The flags live on the server only; the device
 * just asks for them by name.
 */
import { yearGroupName } from '../../domain/index';
import { useId } from 'react';
import type { ReportScope } from './reportScope';

export type FlagChoice = 'any' | 'true' | 'false';

export interface ListFilterValues {
  readonly groupId: string;
  readonly yearGroup: string;
  readonly send: FlagChoice;
  readonly fsm: FlagChoice;
  readonly lookedAfter: FlagChoice;
  readonly socialWorker: FlagChoice;
}

export const NO_FILTERS: ListFilterValues = {
  groupId: '',
  yearGroup: '',
  send: 'any',
  fsm: 'any',
  lookedAfter: 'any',
  socialWorker: 'any',
};

const FLAGS: readonly {
  readonly key: 'send' | 'fsm' | 'lookedAfter' | 'socialWorker';
  readonly label: string;
  readonly yes: string;
  readonly no: string;
}[] = [
  { key: 'send', label: 'SEND', yes: 'Only pupils with SEND', no: 'Only pupils without SEND' },
  {
    key: 'fsm',
    label: 'Free school meals',
    yes: 'Only pupils on free school meals',
    no: 'Only pupils not on free school meals',
  },
  {
    key: 'lookedAfter',
    label: 'Looked-after',
    yes: 'Only looked-after pupils',
    no: 'Only pupils not looked after',
  },
  {
    key: 'socialWorker',
    label: 'Social worker',
    yes: 'Only pupils with a social worker',
    no: 'Only pupils without a social worker',
  },
];

const flagChoiceOf = (text: string): FlagChoice =>
  text === 'true' || text === 'false' ? text : 'any';

/** The filters as query parameters: only the ones set. */
export function filterQuery(values: ListFilterValues): Record<string, string | undefined> {
  const flag = (choice: FlagChoice) => (choice === 'any' ? undefined : choice);
  return {
    groupId: values.groupId === '' ? undefined : values.groupId,
    yearGroup: values.yearGroup === '' ? undefined : values.yearGroup,
    send: flag(values.send),
    fsm: flag(values.fsm),
    lookedAfter: flag(values.lookedAfter),
    socialWorker: flag(values.socialWorker),
  };
}

export interface ListFiltersProps {
  readonly scope: ReportScope;
  readonly value: ListFilterValues;
  readonly onChange: (value: ListFilterValues) => void;
}

export function ListFilters({ scope, value, onChange }: ListFiltersProps) {
  const id = useId();
  const allGroups = scope.role === 'teacher' ? 'All my groups' : 'All groups';
  return (
    <fieldset className="report-field report-filters">
      <legend className="field-label">Filters</legend>
      <div className="report-filters__row">
        <div className="field">
          <label className="field-label" htmlFor={`${id}-group`}>
            Group
          </label>
          <select
            id={`${id}-group`}
            value={value.groupId}
            onChange={(event) => onChange({ ...value, groupId: event.target.value })}
          >
            <option value="">{allGroups}</option>
            {scope.groups.map((group) => (
              <option key={group.id} value={group.id}>
                {group.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-year`}>
            Year group
          </label>
          <select
            id={`${id}-year`}
            value={value.yearGroup}
            onChange={(event) => onChange({ ...value, yearGroup: event.target.value })}
          >
            <option value="">All year groups</option>
            {scope.yearGroups.map((year) => (
              <option key={year} value={year}>
                {yearGroupName(year)}
              </option>
            ))}
          </select>
        </div>
        {FLAGS.map((flag) => (
          <div className="field" key={flag.key}>
            <label className="field-label" htmlFor={`${id}-${flag.key}`}>
              {flag.label}
            </label>
            <select
              id={`${id}-${flag.key}`}
              value={value[flag.key]}
              onChange={(event) =>
                onChange({ ...value, [flag.key]: flagChoiceOf(event.target.value) })
              }
            >
              <option value="any">Any pupil</option>
              <option value="true">{flag.yes}</option>
              <option value="false">{flag.no}</option>
            </select>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
