/**
 * Summaries for a group, a year group, the school or the organisation: totals against the
 * school's target, by morning and afternoon, by weekday, week by week, and the trend over the
 * school year. Teachers are offered their own groups only.
 */
import {
  CHARACTERISTIC_KEYS,
  CHARACTERISTICS,
  isCharacteristicKey,
  isYearGroup,
  yearGroupName,
  characteristicValueLabel,
} from '../../../domain/index';
import { useId, useState } from 'react';
import * as reports from '../../../shared/api/endpoints/reportEndpoints';
import {
  parseCharacteristicGroup,
  summaryScopeSchema,
  type SummaryScope,
} from '../../../shared/api/reportSchemas';
import { RangePicker } from '../RangePicker';
import { ReportStatus } from '../ReportStatus';
import { rangeQueryOf, type RangeChoice } from '../rangeQuery';
import { reportRequest } from '../reportRequest';
import type { ReportEnv } from '../reportScope';
import { useReport } from '../useReport';
import { SplitBySelect } from '../smallGroups';
import { SummaryView } from './SummaryView';

const SCOPES: readonly { readonly value: SummaryScope; readonly label: string }[] = [
  { value: 'group', label: 'A group' },
  { value: 'year', label: 'A year group' },
  { value: 'school', label: 'The school' },
  { value: 'organisation', label: 'The whole trust' },
];

export interface SummaryScreenProps {
  readonly env: ReportEnv;
  readonly range: RangeChoice;
  readonly onRangeChange: (range: RangeChoice) => void;
}

export function SummaryScreen({ env, range, onRangeChange }: SummaryScreenProps) {
  const id = useId();
  const isTeacher = env.scope.role === 'teacher';
  const scopes = isTeacher ? SCOPES.filter((s) => s.value === 'group') : SCOPES;
  const [scope, setScope] = useState<SummaryScope>(isTeacher ? 'group' : 'school');
  const [groupId, setGroupId] = useState('');
  const [yearGroup, setYearGroup] = useState('');
  // Pupil characteristics are office-and-lead data: a teacher is offered neither control.
  const [splitBy, setSplitBy] = useState('');
  const [onlyGroup, setOnlyGroup] = useState('');
  const chosenGroup = groupId === '' ? env.scope.groups[0]?.id : groupId;
  const chosenYear = yearGroup === '' ? env.scope.yearGroups[0] : yearGroup;
  const rangeQuery = rangeQueryOf(range);

  const target =
    scope === 'group'
      ? chosenGroup === undefined
        ? null
        : { groupId: chosenGroup }
      : scope === 'year'
        ? chosenYear === undefined || !isYearGroup(chosenYear)
          ? null
          : { yearGroup: chosenYear }
        : {};
  const byCharacteristic = {
    ...(isCharacteristicKey(splitBy) ? { splitBy } : {}),
    ...(parseCharacteristicGroup(onlyGroup) === null ? {} : { characteristic: onlyGroup }),
  };
  const query =
    rangeQuery.ok && target !== null
      ? { scope, ...target, ...byCharacteristic, ...rangeQuery.query }
      : null;
  const name =
    scope === 'group'
      ? (env.scope.groups.find((g) => g.id === chosenGroup)?.name ?? 'the group')
      : scope === 'year'
        ? chosenYear === undefined
          ? 'the year group'
          : yearGroupName(chosenYear)
        : scope === 'school'
          ? env.schoolName
          : 'the trust';
  const handle = useReport(
    query === null
      ? null
      : reportRequest(
          env,
          reports.summary,
          { query },
          `Working out attendance for ${name} by session, weekday and week…`,
        ),
  );

  return (
    <div className="report-screen">
      <div className="report-controls no-print">
        {scopes.length > 1 && (
          <div className="field report-field">
            <label className="field-label" htmlFor={`${id}-scope`}>
              Summary of
            </label>
            <select
              id={`${id}-scope`}
              value={scope}
              onChange={(event) => {
                const parsed = summaryScopeSchema.safeParse(event.target.value);
                if (parsed.success) setScope(parsed.data);
              }}
            >
              {scopes.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
        )}
        {scope === 'group' && (
          <div className="field report-field">
            <label className="field-label" htmlFor={`${id}-group`}>
              Group
            </label>
            <select
              id={`${id}-group`}
              value={chosenGroup ?? ''}
              onChange={(event) => setGroupId(event.target.value)}
            >
              {env.scope.groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {scope === 'year' && (
          <div className="field report-field">
            <label className="field-label" htmlFor={`${id}-year`}>
              Year group
            </label>
            <select
              id={`${id}-year`}
              value={chosenYear ?? ''}
              onChange={(event) => setYearGroup(event.target.value)}
            >
              {env.scope.yearGroups.map((y) => (
                <option key={y} value={y}>
                  {yearGroupName(y)}
                </option>
              ))}
            </select>
          </div>
        )}
        {!isTeacher && (
          <>
            <SplitBySelect value={splitBy} onChange={setSplitBy} />
            <div className="field report-field">
              <label className="field-label" htmlFor={`${id}-only`}>
                Only pupils who are
              </label>
              <select
                id={`${id}-only`}
                value={onlyGroup}
                onChange={(event) => setOnlyGroup(event.target.value)}
              >
                <option value="">Every pupil</option>
                {CHARACTERISTIC_KEYS.map((key) => (
                  <optgroup key={key} label={CHARACTERISTICS[key].label}>
                    {(CHARACTERISTICS[key].values as readonly string[]).map((value) => (
                      <option key={value} value={`${key}:${value}`}>
                        {CHARACTERISTICS[key].label}: {characteristicValueLabel(key, value)}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </div>
          </>
        )}
        <RangePicker value={range} onChange={onRangeChange} />
      </div>
      {target === null && (
        <p className="notice">
          {isTeacher
            ? 'You have no groups to summarise. Ask the office to link you to your class.'
            : 'No groups to choose from yet: this device has not received the school’s groups. Connect and let it sync.'}
        </p>
      )}
      <ReportStatus handle={handle} />
      {handle.state.status === 'done' && query !== null && (
        <SummaryView summary={handle.state.value} env={env} query={query} />
      )}
    </div>
  );
}
