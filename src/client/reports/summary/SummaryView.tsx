/** The figures of one summary: headline, by part of day, by weekday, week by week, trend, parts. */
import { yearGroupName } from '../../../domain/index';
import * as reports from '../../../shared/api/endpoints/reportEndpoints';
import type { QueryIn } from '../../../shared/api/endpoint';
import type { SummaryResponse } from '../../../shared/api/reportSchemas';
import { ChartFigure } from '../charts/ChartFigure';
import { CsvButton, DataTable } from '../DataTable';
import { cohortColumns, inSentence, suppressibleColumn } from '../smallGroups';
import { PrintButton } from '../PrintButton';
import { reportFilename } from '../csv';
import {
  csvPercent,
  formatCount,
  formatPercent,
  formatShortDate,
  formatLongDate,
} from '../reportFormat';
import { serverCsv } from '../reportRequest';
import type { ReportEnv } from '../reportScope';
import { statsColumns } from './statsColumns';
import { SERIES_COLOURS, TARGET_DASH, attendanceRange, highLowSentence } from './summaryCharts';

type Week = SummaryResponse['byWeek'][number];
type Part = SummaryResponse['bySessionPart'][number];
type SchoolRow = SummaryResponse['bySchool'][number];
type GroupRow = SummaryResponse['byGroup'][number];
type SplitRow = Pick<
  NonNullable<SummaryResponse['split']>['rows'][number],
  'label' | 'stats' | 'cohort' | 'suppressed'
> & { readonly key: string };

const axisPercent = (value: number) => `${Math.round(value)}%`;
const valuePercent = (value: number) => formatPercent(value);

function Headline({ summary }: { readonly summary: SummaryResponse }) {
  const { totals, cohort, targetPercent } = summary;
  const against =
    targetPercent === null || totals.attendancePercent === null
      ? null
      : totals.attendancePercent >= targetPercent
        ? `meets the target of ${formatPercent(targetPercent)}`
        : `below the target of ${formatPercent(targetPercent)}`;
  return (
    <div className="report-figures">
      <div className="report-figure">
        <span className="report-figure__label">Attendance</span>
        <span className="report-figure__value">{formatPercent(totals.attendancePercent)}</span>
        <span className="report-figure__detail">
          of {formatCount(totals.possible)} possible sessions
          {against === null ? '' : `, ${against}`}
        </span>
      </div>
      <div className="report-figure">
        <span className="report-figure__label">Authorised absence</span>
        <span className="report-figure__value">{formatPercent(totals.authorisedPercent)}</span>
        <span className="report-figure__detail">{formatCount(totals.authorised)} sessions</span>
      </div>
      <div className="report-figure">
        <span className="report-figure__label">Unauthorised absence</span>
        <span className="report-figure__value">{formatPercent(totals.unauthorisedPercent)}</span>
        <span className="report-figure__detail">{formatCount(totals.unauthorised)} sessions</span>
      </div>
      <div className="report-figure">
        <span className="report-figure__label">Persistently absent pupils</span>
        <span className="report-figure__value">{formatPercent(cohort.persistentPercent)}</span>
        <span className="report-figure__detail">
          {formatCount(cohort.persistent)} of {formatCount(cohort.pupils)} pupils (
          {formatCount(cohort.severe)} severely)
        </span>
      </div>
    </div>
  );
}

/** The pupils outside the statistics' age range, apart from the headline and with their own figures. */
function OutsideAgeRange({ summary }: { readonly summary: SummaryResponse }) {
  const { totals, cohort } = summary.outsideAgeRange;
  if (cohort.pupils === 0 && totals.possible === 0) return null;
  return (
    <p className="hint">
      The figures above cover pupils aged 5 to 15 on the 31 August before the school year, as the
      DfE statistics do. Pupils outside that age range (nursery, over 15):{' '}
      {formatCount(cohort.pupils)} pupils, attendance {formatPercent(totals.attendancePercent)} of{' '}
      {formatCount(totals.possible)} possible sessions, {formatCount(cohort.persistent)}{' '}
      persistently absent ({formatCount(cohort.severe)} severely).
    </p>
  );
}

/** Each group of the split beside the whole, with the possible sessions next to every rate. */
function SplitTable({
  summary,
  filename,
}: {
  readonly summary: SummaryResponse;
  readonly filename: string;
}) {
  const { split, smallGroupMinimum: minimum } = summary;
  if (split === null) return null;
  const rows: SplitRow[] = [
    {
      key: 'whole',
      label: `All pupils (${summary.scope.name})`,
      stats: summary.totals,
      cohort: summary.cohort,
      suppressed: summary.characteristic?.suppressed ?? false,
    },
    ...split.rows.map((row) => ({ ...row, key: row.value ?? 'not-recorded' })),
  ];
  const small = split.rows.filter((row) => row.suppressed).length;
  const columns = cohortColumns<SplitRow>(minimum);
  return (
    <>
      <h3>By {inSentence(split.label)}</h3>
      <p className="hint">
        Pupils aged 5 to 15, each counted in the group they were in on each day.
        {small > 0 &&
          ` ${small === 1 ? 'One group has' : `${formatCount(small)} groups have`} fewer than ${formatCount(minimum)} pupils: printed and exported copies show "fewer than ${formatCount(minimum)} pupils" instead of ${small === 1 ? 'its' : 'their'} figures.`}
      </p>
      <DataTable<SplitRow>
        caption={`By ${inSentence(split.label)}`}
        isCaptionHidden
        rows={rows}
        rowKey={(row) => row.key}
        filename={filename}
        emptyText="No sessions in this range."
        columns={[
          { header: split.label, value: (row) => row.label },
          columns.pupils,
          suppressibleColumn<SplitRow>(
            'Possible sessions',
            minimum,
            (row) => formatCount(row.stats.possible),
            (row) => row.stats.possible,
          ),
          suppressibleColumn<SplitRow>(
            'Attendance',
            minimum,
            (row) => formatPercent(row.stats.attendancePercent),
            (row) => csvPercent(row.stats.attendancePercent),
          ),
          columns.persistent,
          columns.severe,
        ]}
      />
    </>
  );
}

export interface SummaryViewProps {
  readonly summary: SummaryResponse;
  readonly env: ReportEnv;
  readonly query: QueryIn<typeof reports.summary>;
}

export function SummaryView({ summary, env, query }: SummaryViewProps) {
  const { range, targetPercent } = summary;
  const file = (what: string) =>
    reportFilename(['summary', summary.scope.name, what, range.from, 'to', range.to]);
  const targetSeries = (count: number) =>
    targetPercent === null
      ? []
      : [
          {
            label: `Target (${formatPercent(targetPercent)})`,
            values: Array.from({ length: count }, () => targetPercent),
            colour: SERIES_COLOURS.target,
            dash: TARGET_DASH,
          },
        ];

  const weekdayValues = summary.byWeekday.map((d) => d.stats.attendancePercent);
  const trend = summary.trend.weeks;
  const trendValues = trend.map((w) => w.stats.attendancePercent);
  const cumulative = trend.map((w) => w.cumulativeAttendancePercent);
  const latest = cumulative.at(-1) ?? null;

  const smallGroup = summary.characteristic?.suppressed ?? false;
  return (
    <div className={smallGroup ? 'summary summary--small-group' : 'summary'}>
      <p className="report-range-label">
        {summary.scope.name}
        {summary.characteristic === null ? '' : ` (${summary.characteristic.label})`}: {range.label}{' '}
        ({formatLongDate(range.from)} to {formatLongDate(range.to)}).
      </p>
      {smallGroup && (
        <p className="notice summary__small-notice">
          Fewer than {formatCount(summary.smallGroupMinimum)} pupils are in this group, so a printed
          or exported copy of this summary leaves its figures out.
        </p>
      )}
      <div className="report-actions no-print">
        <PrintButton />
        <CsvButton
          label="every table of this summary, from the office server"
          filename={file('all-tables')}
          source={serverCsv(env, reports.summary, { query })}
        />
      </div>
      <Headline summary={summary} />
      <OutsideAgeRange summary={summary} />
      <SplitTable summary={summary} filename={file('by-characteristic')} />

      <h3>Morning and afternoon</h3>
      <DataTable<Part>
        caption="By session"
        isCaptionHidden
        rows={summary.bySessionPart}
        rowKey={(row) => row.part}
        filename={file('by-session')}
        emptyText="No sessions in this range."
        columns={[
          { header: 'Session', value: (row) => (row.part === 'AM' ? 'Morning' : 'Afternoon') },
          ...statsColumns<Part>((row) => row.stats),
        ]}
      />

      <ChartFigure
        title="Attendance by weekday"
        summary={highLowSentence(
          summary.byWeekday.map((d) => ({ label: `${d.name}s`, value: d.stats.attendancePercent })),
          'on',
        )}
        labelHeader="Weekday"
        labels={summary.byWeekday.map((d) => d.name)}
        series={[
          {
            label: 'Attendance',
            values: weekdayValues,
            colour: SERIES_COLOURS.attendance,
            isBars: true,
          },
          ...targetSeries(summary.byWeekday.length),
        ]}
        yTitle="Attendance"
        yRange={attendanceRange([...weekdayValues, targetPercent])}
        formatY={axisPercent}
        formatValue={valuePercent}
        filename={file('by-weekday')}
      />

      <ChartFigure
        title="Trend over the school year"
        summary={
          trend.length === 0
            ? 'There are no weeks to chart yet.'
            : `${highLowSentence(
                trend.map((w) => ({
                  label: `the week beginning ${formatShortDate(w.weekStart)}`,
                  value: w.stats.attendancePercent,
                })),
                'in',
              )} The year so far: ${formatPercent(latest)}${
                targetPercent === null ? '' : ` against a target of ${formatPercent(targetPercent)}`
              }.`
        }
        labelHeader="Week beginning"
        labels={trend.map((w) => formatShortDate(w.weekStart))}
        series={[
          { label: 'Attendance that week', values: trendValues, colour: SERIES_COLOURS.attendance },
          { label: 'Year so far', values: cumulative, colour: SERIES_COLOURS.cumulative },
          ...targetSeries(trend.length),
        ]}
        yTitle="Attendance"
        yRange={attendanceRange([...trendValues, ...cumulative, targetPercent])}
        formatY={axisPercent}
        formatValue={valuePercent}
        filename={file('trend')}
      />

      <h3>Week by week</h3>
      <DataTable<Week>
        caption="Week by week"
        isCaptionHidden
        rows={summary.byWeek}
        rowKey={(row) => row.weekStart}
        filename={file('by-week')}
        emptyText="No weeks in this range."
        columns={[
          {
            header: 'Week beginning',
            value: (row) => row.weekStart,
            cell: (row) => formatLongDate(row.weekStart),
          },
          ...statsColumns<Week>((row) => row.stats),
        ]}
      />

      {summary.byGroup.length > 0 && (
        <>
          <h3>By group</h3>
          <DataTable<GroupRow>
            caption="By group"
            isCaptionHidden
            rows={summary.byGroup}
            rowKey={(row) => row.groupId}
            filename={file('by-group')}
            emptyText="No groups."
            columns={[
              { header: 'Group', value: (row) => row.groupName },
              { header: 'Year', value: (row) => yearGroupName(row.yearGroup) },
              ...statsColumns<GroupRow>((row) => row.stats),
            ]}
          />
        </>
      )}

      {summary.bySchool.length > 0 && (
        <>
          <h3>By school</h3>
          <DataTable<SchoolRow>
            caption="By school"
            isCaptionHidden
            rows={summary.bySchool}
            rowKey={(row) => row.school.id}
            filename={file('by-school')}
            emptyText="No schools."
            columns={[
              { header: 'School', value: (row) => row.school.name },
              ...statsColumns<SchoolRow>((row) => row.stats),
              {
                header: 'Target',
                isNumeric: true,
                value: (row) => row.targetPercent,
                cell: (row) => formatPercent(row.targetPercent),
              },
              {
                header: 'Persistently absent pupils',
                isNumeric: true,
                value: (row) => row.cohort.persistent,
                cell: (row) =>
                  `${formatCount(row.cohort.persistent)} of ${formatCount(row.cohort.pupils)} (${formatPercent(row.cohort.persistentPercent)})`,
              },
            ]}
          />
        </>
      )}
    </div>
  );
}
