/**
 * Lateness against the school's policy (seed 004: a letter at the 4th late; escalation at 6 lates
 * in 12 school weeks): lates before and after the register closed, with their minutes.
 */
import * as reports from '../../../shared/api/endpoints/reportEndpoints';
import { type LatenessRow } from '../../../shared/api/reportSchemas';
import { DataTable } from '../DataTable';
import { ListFilters, filterQuery } from '../ListFilters';
import { PrintButton } from '../PrintButton';
import { RangePicker } from '../RangePicker';
import { ReportStatus } from '../ReportStatus';
import { reportFilename } from '../csv';
import { rangeQueryOf } from '../rangeQuery';
import { formatCount, formatLongDate } from '../reportFormat';
import { reportRequest, serverCsv } from '../reportRequest';
import { ListSplitTable, useListSplit } from '../smallGroups';
import { useReport } from '../useReport';
import { certificateColumn, pupilColumns, yesNo, type ListScreenProps } from './listColumns';

function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

export function LatenessScreen(props: ListScreenProps) {
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
          reports.lateness,
          { query },
          'Counting lates and minutes for each pupil against the policy…',
        ),
  );
  const result = handle.state.status === 'done' ? handle.state.value : null;

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
            {result.range.label}. A letter goes home at the {ordinal(result.policy.letterCount)}{' '}
            late; the case escalates at {formatCount(result.policy.escalation.lates)} lates within{' '}
            {formatCount(result.policy.escalation.schoolWeeks)} school weeks.
          </p>
          <ListSplitTable
            split={result.split}
            listedHeader="Late in the range"
            report="lateness"
            schoolName={env.schoolName}
            range={result.range}
          />
          <div className="report-actions no-print">
            <PrintButton />
          </div>
          <DataTable<LatenessRow>
            caption="Pupils who were late, most lates first"
            rows={result.rows}
            rowKey={(row) => row.pupil.id}
            filename={reportFilename([
              'lateness',
              env.schoolName,
              result.range.from,
              'to',
              result.range.to,
            ])}
            csv={serverCsv(env, reports.lateness, { query })}
            emptyText="No pupil was late in this range."
            columns={[
              ...pupilColumns<LatenessRow>((row) => row.pupil),
              {
                header: 'Lates',
                isNumeric: true,
                value: (row) => row.lates,
                cell: (row) => formatCount(row.lates),
              },
              {
                header: 'Before the register closed (L)',
                isNumeric: true,
                value: (row) => row.lateBeforeClose,
                cell: (row) => formatCount(row.lateBeforeClose),
              },
              {
                header: 'Minutes late before close',
                isNumeric: true,
                value: (row) => row.minutesLateBeforeClose,
                cell: (row) => formatCount(row.minutesLateBeforeClose),
              },
              {
                header: 'After the register closed (U)',
                isNumeric: true,
                value: (row) => row.lateAfterClose,
                cell: (row) => formatCount(row.lateAfterClose),
              },
              {
                header: 'Minutes late after close',
                isNumeric: true,
                value: (row) => row.minutesLateAfterClose,
                cell: (row) => formatCount(row.minutesLateAfterClose),
              },
              { header: 'Letter due', value: (row) => yesNo(row.letterDue) },
              {
                header: `Most lates in ${formatCount(result.policy.escalation.schoolWeeks)} school weeks`,
                isNumeric: true,
                value: (row) => row.escalation.mostLatesInWindow,
                cell: (row) =>
                  row.escalation.window === null
                    ? formatCount(row.escalation.mostLatesInWindow)
                    : `${formatCount(row.escalation.mostLatesInWindow)} (weeks from ${formatLongDate(row.escalation.window.fromWeek)})`,
              },
              { header: 'Escalation reached', value: (row) => yesNo(row.escalation.reached) },
              certificateColumn<LatenessRow>((row) => row.pupil, props.onOpenPupil),
            ]}
          />
        </>
      )}
    </div>
  );
}
