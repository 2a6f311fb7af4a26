/**
 * Duties from the seeds: 10 school days (20 sessions) of unauthorised absence → inform the local
 * authority (seed 004); 15 school days of illness → the local authority's sickness return (seeds
 * 001, 004); and pupils whose absence fell through a band since the last review.
 */
import { useId, useState } from 'react';
import { parseLocalDate } from '../../../domain/index';
import * as reports from '../../../shared/api/endpoints/reportEndpoints';
import { type DutyAlert, type DutyAlertKind } from '../../../shared/api/reportSchemas';
import { CsvButton, DataTable, type Column } from '../DataTable';
import { ListFilters, filterQuery } from '../ListFilters';
import { PrintButton } from '../PrintButton';
import { RangePicker } from '../RangePicker';
import { ReportStatus } from '../ReportStatus';
import { reportFilename } from '../csv';
import { rangeQueryOf } from '../rangeQuery';
import { csvPercent, formatCount, formatLongDate, formatPercent } from '../reportFormat';
import { reportRequest, serverCsv } from '../reportRequest';
import { ListSplitTable, useListSplit } from '../smallGroups';
import { useReport } from '../useReport';
import { certificateColumn, pupilColumns, type ListScreenProps } from './listColumns';
import { DateField } from '../../ui/DateField';

const KINDS: readonly {
  readonly kind: DutyAlertKind;
  readonly title: string;
  readonly empty: string;
}[] = [
  {
    kind: 'la-unauthorised',
    title: 'Inform the local authority: 10 school days of unauthorised absence',
    empty: 'No pupil has reached 20 sessions of unauthorised absence.',
  },
  {
    kind: 'la-sickness',
    title: 'Local authority sickness return: 15 school days of illness',
    empty: 'No pupil has reached 30 sessions of illness.',
  },
  {
    kind: 'band-fall',
    title: 'Fell into a worse band since the last review',
    empty: 'No pupil has fallen into a worse band since the last review.',
  },
];

function columnsFor(kind: DutyAlertKind, props: ListScreenProps): Column<DutyAlert>[] {
  const pupil = pupilColumns<DutyAlert>((row) => row.pupil);
  const open = certificateColumn<DutyAlert>((row) => row.pupil, props.onOpenPupil);
  const detail: Column<DutyAlert> = { header: 'What to do', value: (row) => row.detail };
  if (kind === 'band-fall') {
    return [
      ...pupil,
      { header: 'Band at review', value: (row) => row.bandAtReview ?? 'None' },
      {
        header: 'Absence at review',
        isNumeric: true,
        value: (row) => csvPercent(row.absencePercentAtReview),
        cell: (row) => formatPercent(row.absencePercentAtReview),
      },
      { header: 'Band now', value: (row) => row.bandNow ?? 'None' },
      {
        header: 'Absence now',
        isNumeric: true,
        value: (row) => csvPercent(row.absencePercentNow),
        cell: (row) => formatPercent(row.absencePercentNow),
      },
      detail,
      open,
    ];
  }
  return [
    ...pupil,
    {
      header: kind === 'la-sickness' ? 'Illness sessions' : 'Unauthorised sessions',
      isNumeric: true,
      value: (row) => row.sessions,
      cell: (row) =>
        row.thresholdSessions === null
          ? formatCount(row.sessions)
          : `${formatCount(row.sessions)} (duty from ${formatCount(row.thresholdSessions)})`,
    },
    detail,
    open,
  ];
}

export function DutyAlertsScreen(props: ListScreenProps) {
  const { env, range, filters } = props;
  const reviewId = useId();
  const [reviewedOn, setReviewedOn] = useState('');
  // Pupil characteristics are office-and-lead data: a teacher is not offered the split.
  const split = useListSplit(env.scope.role);
  const rangeQuery = rangeQueryOf(range);
  const review = parseLocalDate(reviewedOn);
  const query = rangeQuery.ok
    ? {
        ...rangeQuery.query,
        ...filterQuery(filters),
        reviewedOn: review ?? undefined,
        ...split.query,
      }
    : null;
  const handle = useReport(
    query === null
      ? null
      : reportRequest(
          env,
          reports.dutyAlerts,
          { query },
          'Checking unauthorised absence, illness and band changes for every pupil…',
        ),
  );
  const result = handle.state.status === 'done' ? handle.state.value : null;

  return (
    <div className="report-screen">
      <div className="report-controls no-print">
        <RangePicker value={range} onChange={props.onRangeChange} />
        <div className="field report-field">
          <label className="field-label" htmlFor={reviewId}>
            Last attendance review <span className="optional">(optional)</span>
          </label>
          <DateField
            id={reviewId}
            value={reviewedOn}
            aria-describedby={`${reviewId}-hint`}
            onChange={setReviewedOn}
          />
          <span id={`${reviewId}-hint`} className="hint">
            Band falls are measured from this day. Left empty: the start of this term.
          </span>
        </div>
        {split.control}
        <ListFilters scope={env.scope} value={filters} onChange={props.onFiltersChange} />
      </div>
      <ReportStatus handle={handle} />
      {result !== null && query !== null && (
        <>
          <p className="report-range-label">
            {result.range.label}. Band falls since the review on {formatLongDate(result.reviewedOn)}
            .
          </p>
          <ListSplitTable
            split={result.split}
            listedHeader="With an alert"
            report="duty-alerts"
            schoolName={env.schoolName}
            range={result.range}
          />
          <div className="report-actions no-print">
            <PrintButton />
            <CsvButton
              label="every duty alert, from the office server"
              filename={reportFilename([
                'duty-alerts',
                env.schoolName,
                result.range.from,
                'to',
                result.range.to,
              ])}
              source={serverCsv(env, reports.dutyAlerts, { query })}
            />
          </div>
          {KINDS.map(({ kind, title, empty }) => (
            <section key={kind} className="report-block" aria-label={title}>
              <h3>{title}</h3>
              <DataTable<DutyAlert>
                caption={title}
                isCaptionHidden
                rows={result.alerts.filter((alert) => alert.kind === kind)}
                rowKey={(row) => `${row.kind}-${row.pupil.id}`}
                filename={reportFilename([
                  'duty-alerts',
                  kind,
                  env.schoolName,
                  result.range.from,
                  'to',
                  result.range.to,
                ])}
                emptyText={empty}
                columns={columnsFor(kind, props)}
              />
            </section>
          ))}
        </>
      )}
    </div>
  );
}
