/**
 * The penalty-notice threshold (docs/design.md §8.6): pupils with the configured number of `G`, `O`
 * or `U` sessions within a rolling window of school weeks, and those who would reach it if their
 * unresolved `N` sessions stay unexplained. An alert to consider a notice, never an action.
 */
import * as reports from '../../../shared/api/endpoints/reportEndpoints';
import { type PenaltyNoticeRow, type SessionMark } from '../../../shared/api/reportSchemas';
import { useId } from 'react';
import { DataTable, type Column } from '../DataTable';
import { ListFilters, filterQuery } from '../ListFilters';
import { PrintButton } from '../PrintButton';
import { RangePicker } from '../RangePicker';
import { ReportStatus } from '../ReportStatus';
import { reportFilename } from '../csv';
import { rangeQueryOf } from '../rangeQuery';
import { formatCount, formatLongDate, formatShortDate } from '../reportFormat';
import { reportRequest, serverCsv } from '../reportRequest';
import { ListSplitTable, useListSplit } from '../smallGroups';
import { useReport } from '../useReport';
import { certificateColumn, pupilColumns, type ListScreenProps } from './listColumns';

const STATUS_TEXT: Record<PenaltyNoticeRow['status'], string> = {
  met: 'Meets the threshold',
  'met-if-n-unresolved': 'Would meet it if the unexplained absences stay unexplained',
};

/** "8 Sep AM (U), 9 Sep PM (O)". */
function sessionList(marks: readonly SessionMark[]): string {
  return marks.map((m) => `${formatShortDate(m.date)} ${m.part} (${m.code})`).join(', ');
}

function windowText(row: PenaltyNoticeRow): string {
  return `Weeks beginning ${formatLongDate(row.window.fromWeek)} to ${formatLongDate(row.window.toWeek)}`;
}

export function PenaltyNoticeScreen(props: ListScreenProps) {
  const { env, range, filters } = props;
  // Pupil characteristics are office-and-lead data: a teacher is not offered the split.
  const split = useListSplit(env.scope.role);
  const rangeQuery = rangeQueryOf(range);
  const query = rangeQuery.ok
    ? { ...rangeQuery.query, ...filterQuery(filters), ...split.query }
    : null;
  const handle = useReport(
    query === null
      ? null
      : reportRequest(
          env,
          reports.penaltyNotices,
          { query },
          'Checking every rolling window of school weeks for unauthorised sessions…',
        ),
  );
  const result = handle.state.status === 'done' ? handle.state.value : null;
  const outsideId = useId();
  const columns: Column<PenaltyNoticeRow>[] = [
    ...pupilColumns<PenaltyNoticeRow>((row) => row.pupil),
    { header: 'Status', value: (row) => STATUS_TEXT[row.status] },
    { header: 'Window', value: windowText },
    {
      header: 'Sessions that count',
      isNumeric: true,
      value: (row) => row.firmSessions.length,
      cell: (row) => (
        <details className="report-sessions">
          <summary>{formatCount(row.firmSessions.length)}</summary>
          <span>{sessionList(row.firmSessions)}</span>
        </details>
      ),
    },
    {
      header: 'Unexplained (N), may count',
      isNumeric: true,
      value: (row) => row.pendingSessions.length,
      cell: (row) =>
        row.pendingSessions.length === 0 ? (
          '0'
        ) : (
          <details className="report-sessions">
            <summary>{formatCount(row.pendingSessions.length)}</summary>
            <span>{sessionList(row.pendingSessions)}</span>
          </details>
        ),
    },
    certificateColumn<PenaltyNoticeRow>((row) => row.pupil, props.onOpenPupil),
  ];

  return (
    <div className="report-screen">
      <div className="report-controls no-print">
        <RangePicker value={range} onChange={props.onRangeChange} />
        {split.control}
        <ListFilters scope={env.scope} value={filters} onChange={props.onFiltersChange} />
      </div>
      <ReportStatus handle={handle} />
      {result !== null && query !== null && (
        <>
          <p className="report-range-label">
            {result.range.label}. The threshold: {formatCount(result.threshold.sessions)} sessions
            of unauthorised absence (codes G, O and U) within{' '}
            {formatCount(result.threshold.schoolWeeks)} school weeks. Unexplained absences (N) are
            shown apart: they may count if no reason is found. This list is for considering a
            notice, never for issuing one automatically.
          </p>
          <ListSplitTable
            split={result.split}
            listedHeader="At or near the threshold"
            report="penalty-notices"
            schoolName={env.schoolName}
            range={result.range}
          />
          <div className="report-actions no-print">
            <PrintButton />
          </div>
          <DataTable<PenaltyNoticeRow>
            caption="Pupils at or near the penalty-notice threshold"
            rows={result.rows}
            rowKey={(row) => row.pupil.id}
            filename={reportFilename([
              'penalty-notice-threshold',
              env.schoolName,
              result.range.from,
              'to',
              result.range.to,
            ])}
            csv={serverCsv(env, reports.penaltyNotices, { query })}
            emptyText="No pupil is at or near the threshold."
            columns={columns}
          />
          <section aria-labelledby={outsideId}>
            <h3 id={outsideId}>
              Outside compulsory school age (before it began or after the school leaving date)
            </h3>
            <p className="hint">
              Penalty notices are for pupils of compulsory school age, which begins on the 31
              December, 31 March or 31 August on or after the fifth birthday and ends on the school
              leaving date, the last Friday in June of the school year in which the pupil turns 16.
              Sessions before it began (nursery, early Reception) or after the leaving date that
              would reach the threshold are listed here.
            </p>
            <DataTable<PenaltyNoticeRow>
              caption="Sessions outside compulsory school age at or near the threshold"
              rows={result.outsideCompulsorySchoolAge}
              rowKey={(row) => row.pupil.id}
              filename={reportFilename([
                'penalty-notice-threshold',
                'outside-compulsory-school-age',
                env.schoolName,
                result.range.from,
                'to',
                result.range.to,
              ])}
              csv={serverCsv(env, reports.penaltyNotices, { query })}
              emptyText="No pupil outside compulsory school age is at or near the threshold."
              columns={columns}
            />
          </section>
        </>
      )}
    </div>
  );
}
