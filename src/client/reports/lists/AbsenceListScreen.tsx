/**
 * Persistent and severe absence (docs/design.md §8.6) and the school's at-risk bands: each pupil's
 * rate beside their possible sessions, because a short enrolment can give a very high rate. The
 * figures cover pupils aged 5 to 15, as the DfE's statistics do; pupils outside that age range
 * (nursery, over 15) are listed below them with their own figures.
 */
import { useId, useState } from 'react';
import { isCharacteristicKey } from '../../../domain/index';
import * as reports from '../../../shared/api/endpoints/reportEndpoints';
import {
  absenceLevelSchema,
  type AbsenceLevel,
  type AbsenceListResponse,
  type AbsenceRow,
} from '../../../shared/api/reportSchemas';
import { DataTable, type Column } from '../DataTable';
import { ListFilters, filterQuery } from '../ListFilters';
import { RangePicker } from '../RangePicker';
import { ReportStatus } from '../ReportStatus';
import { reportFilename } from '../csv';
import { rangeQueryOf } from '../rangeQuery';
import { csvPercent, formatCount, formatPercent } from '../reportFormat';
import { reportRequest, serverCsv } from '../reportRequest';
import { useReport } from '../useReport';
import { PrintButton } from '../PrintButton';
import { cohortColumns, GroupsTable, SplitBySelect } from '../smallGroups';
import { certificateColumn, pupilColumns, type ListScreenProps } from './listColumns';

const LEVELS: readonly { readonly value: AbsenceLevel; readonly label: string }[] = [
  { value: 'persistent', label: 'Persistent absence (includes severe)' },
  { value: 'severe', label: 'Severe absence only' },
  { value: 'at-risk', label: 'At risk (any band) or persistent' },
  { value: 'all', label: 'Every pupil' },
];

function statusText(row: AbsenceRow): string {
  if (row.status.severe) return 'Severe';
  if (row.status.persistent) return 'Persistent';
  return row.status.band?.name ?? '';
}

function flagsText(row: AbsenceRow): string {
  const flags = [
    row.flags.send ? 'SEND' : null,
    row.flags.fsm ? 'FSM' : null,
    row.flags.lookedAfter ? 'Looked-after' : null,
    row.flags.socialWorker ? 'Social worker' : null,
  ];
  return flags.filter((flag) => flag !== null).join(', ');
}

function Cohort({
  figures,
  thresholds,
}: {
  readonly figures: Pick<AbsenceListResponse, 'cohort' | 'bands'>;
  readonly thresholds: AbsenceListResponse['thresholds'];
}) {
  const { cohort } = figures;
  return (
    <div className="report-figures">
      <div className="report-figure">
        <span className="report-figure__label">
          Persistent absence ({formatPercent(thresholds.persistentAbsencePercent)} or more missed)
        </span>
        <span className="report-figure__value">{formatPercent(cohort.persistentPercent)}</span>
        <span className="report-figure__detail">
          {formatCount(cohort.persistent)} of {formatCount(cohort.pupils)} pupils
        </span>
      </div>
      <div className="report-figure">
        <span className="report-figure__label">
          Severe absence ({formatPercent(thresholds.severeAbsencePercent)} or more missed)
        </span>
        <span className="report-figure__value">{formatPercent(cohort.severePercent)}</span>
        <span className="report-figure__detail">
          {formatCount(cohort.severe)} of {formatCount(cohort.pupils)} pupils
        </span>
      </div>
      {figures.bands.map((band) => (
        <div className="report-figure" key={band.name}>
          <span className="report-figure__label">
            {band.name} ({formatPercent(band.minAbsencePercent)} or more missed)
          </span>
          <span className="report-figure__value">{formatCount(band.pupils)}</span>
          <span className="report-figure__detail">pupils</span>
        </div>
      ))}
    </div>
  );
}

type SplitRow = NonNullable<AbsenceListResponse['split']>['rows'][number];

/** The list's pupils aged 5 to 15 by group, each group's persistent and severe absence. */
function SplitTable({
  split,
  filename,
}: {
  readonly split: AbsenceListResponse['split'];
  readonly filename: string;
}) {
  if (split === null) return null;
  const columns = cohortColumns<SplitRow>(split.smallGroupMinimum);
  return (
    <GroupsTable<SplitRow>
      split={split}
      who="Pupils aged 5 to 15 in the group they were in on the last day, each judged on their whole record."
      filename={filename}
      columns={[columns.pupils, columns.persistent, columns.severe]}
    />
  );
}

export function AbsenceListScreen(props: ListScreenProps) {
  const { env, range, filters } = props;
  const levelId = useId();
  const outsideId = useId();
  const [level, setLevel] = useState<AbsenceLevel>('persistent');
  // Pupil characteristics are office-and-lead data: a teacher is not offered the split.
  const [splitBy, setSplitBy] = useState('');
  const mayUseCharacteristics = env.scope.role !== 'teacher';
  const rangeQuery = rangeQueryOf(range);
  const query = rangeQuery.ok
    ? {
        ...rangeQuery.query,
        ...filterQuery(filters),
        level,
        ...(isCharacteristicKey(splitBy) ? { splitBy } : {}),
      }
    : null;
  const handle = useReport(
    query === null
      ? null
      : reportRequest(
          env,
          reports.absence,
          { query },
          'Working out every pupil’s absence rate against the thresholds…',
        ),
  );

  const columns: Column<AbsenceRow>[] = [
    ...pupilColumns<AbsenceRow>((row) => row.pupil),
    {
      header: 'Possible sessions',
      isNumeric: true,
      value: (row) => row.possible,
      cell: (row) => formatCount(row.possible),
    },
    {
      header: 'Sessions missed',
      isNumeric: true,
      value: (row) => row.overallAbsence,
      cell: (row) => formatCount(row.overallAbsence),
    },
    {
      header: 'Absence',
      isNumeric: true,
      value: (row) => csvPercent(row.overallAbsencePercent),
      cell: (row) => formatPercent(row.overallAbsencePercent),
    },
    {
      header: 'Unauthorised',
      isNumeric: true,
      value: (row) => row.unauthorised,
      cell: (row) => formatCount(row.unauthorised),
    },
    {
      header: 'Attendance',
      isNumeric: true,
      value: (row) => csvPercent(row.attendancePercent),
      cell: (row) => formatPercent(row.attendancePercent),
    },
    { header: 'Status', value: statusText },
    { header: 'Flags', value: flagsText },
    certificateColumn<AbsenceRow>((row) => row.pupil, props.onOpenPupil),
  ];
  const value = handle.state.status === 'done' ? handle.state.value : null;

  return (
    <div className="report-screen">
      <div className="report-controls no-print">
        <RangePicker value={range} onChange={props.onRangeChange} />
        <div className="field report-field">
          <label className="field-label" htmlFor={levelId}>
            Show
          </label>
          <select
            id={levelId}
            value={level}
            onChange={(event) => {
              const parsed = absenceLevelSchema.safeParse(event.target.value);
              if (parsed.success) setLevel(parsed.data);
            }}
          >
            {LEVELS.map((l) => (
              <option key={l.value} value={l.value}>
                {l.label}
              </option>
            ))}
          </select>
        </div>
        {mayUseCharacteristics && <SplitBySelect value={splitBy} onChange={setSplitBy} />}
        <ListFilters scope={env.scope} value={filters} onChange={props.onFiltersChange} />
      </div>
      <ReportStatus handle={handle} />
      {handle.state.status === 'done' && query !== null && (
        <>
          <p className="report-range-label">
            {handle.state.value.range.label}: {formatCount(handle.state.value.cohort.pupils)} pupils
            aged 5 to 15 with a possible session.
          </p>
          <Cohort figures={handle.state.value} thresholds={handle.state.value.thresholds} />
          <SplitTable
            split={handle.state.value.split}
            filename={reportFilename([
              'absence',
              'by-characteristic',
              env.schoolName,
              handle.state.value.range.from,
              'to',
              handle.state.value.range.to,
            ])}
          />
          <div className="report-actions no-print">
            <PrintButton />
          </div>
          <DataTable<AbsenceRow>
            caption={`${LEVELS.find((l) => l.value === level)?.label ?? 'Pupils'}, highest absence first`}
            rows={handle.state.value.rows}
            rowKey={(row) => row.pupil.id}
            filename={reportFilename([
              'absence',
              level,
              env.schoolName,
              handle.state.value.range.from,
              'to',
              handle.state.value.range.to,
            ])}
            csv={serverCsv(env, reports.absence, { query })}
            emptyText="No pupils match these choices."
            columns={columns}
          />
          {value !== null && (
            <section aria-labelledby={outsideId}>
              <h3 id={outsideId}>Pupils outside the statistics’ age range</h3>
              <p className="hint">
                The figures above cover pupils aged 5 to 15 on 31 August before the school year, as
                the DfE’s statistics do. Nursery pupils, other four-year-olds and pupils over 15 are
                here with their own figures: {formatCount(value.outsideAgeRange.cohort.pupils)}{' '}
                {value.outsideAgeRange.cohort.pupils === 1 ? 'pupil' : 'pupils'} with a possible
                session.
              </p>
              <Cohort figures={value.outsideAgeRange} thresholds={value.thresholds} />
              <DataTable<AbsenceRow>
                caption="Pupils outside the age range, highest absence first"
                rows={value.outsideAgeRange.rows}
                rowKey={(row) => row.pupil.id}
                filename={reportFilename([
                  'absence',
                  level,
                  'outside-age-range',
                  env.schoolName,
                  value.range.from,
                  'to',
                  value.range.to,
                ])}
                csv={serverCsv(env, reports.absence, { query })}
                emptyText="No pupils outside the age range match these choices."
                columns={columns}
              />
            </section>
          )}
        </>
      )}
    </div>
  );
}
