/**
 * The school beside the DfE's published figures (docs/design.md §8.12): overall, persistent and
 * severe absence over the chosen dates beside England, the school's region and its local
 * authority for the same phase, with the gap in days per pupil; then each characteristic group
 * the DfE publishes. Every published figure says its period, file, publication and load date.
 */
import { useId, useState } from 'react';
import {
  BENCHMARK_PHASE_NAMES,
  BENCHMARK_PHASES,
  type BenchmarkPhase,
} from '../../../domain/index';
import {
  benchmarkPhaseSchema,
  type BenchmarkFigureWire,
  type BenchmarkResponse,
  type BenchmarkRow,
} from '../../../shared/api/benchmarkSchemas';
import * as benchmarks from '../../../shared/api/endpoints/benchmarkEndpoints';
import { formatInstant } from '../../ui/format';
import { DataTable, type Column } from '../DataTable';
import { PrintButton } from '../PrintButton';
import { RangePicker } from '../RangePicker';
import { ReportStatus } from '../ReportStatus';
import { reportFilename } from '../csv';
import { rangeQueryOf, type RangeChoice } from '../rangeQuery';
import { csvPercent, formatCount, formatPercent } from '../reportFormat';
import { reportRequest } from '../reportRequest';
import type { ReportEnv } from '../reportScope';
import { useReport } from '../useReport';

const LEVEL_NAMES: Readonly<Record<BenchmarkFigureWire['level'], string>> = {
  national: 'England',
  regional: 'Region',
  localAuthority: 'Local authority',
};

/** One line of the table: a group's figure beside one published figure. */
interface Line {
  readonly row: BenchmarkRow;
  readonly figure: BenchmarkFigureWire;
}

const oneDecimal = new Intl.NumberFormat('en-GB', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  signDisplay: 'exceptZero',
});

/** "+1.2 days" (more absence than the benchmark), "−0.4 days", "0.0 days", or "n/a". */
export function formatGap(days: number | null): string {
  return days === null ? 'n/a' : `${oneDecimal.format(days).replace('-', '−')} days`;
}

/** The headline in words: "Each pupil missed 1.2 more days than in England (Autumn term 2024/25)." */
export function gapSentence(figure: BenchmarkFigureWire): string | null {
  const days = figure.gapDaysPerPupil;
  if (days === null) return null;
  const where = figure.level === 'national' ? 'England' : figure.areaName;
  const when = `at ${where}’s rate for ${figure.period.label}`;
  if (days === 0) return `Each pupil missed about as many days as ${when}.`;
  const amount = `${oneDecimal.format(Math.abs(days)).replace('+', '')} ${Math.abs(days) === 1 ? 'day' : 'days'}`;
  return days > 0
    ? `Each pupil missed ${amount} more than ${when}.`
    : `Each pupil missed ${amount} fewer than ${when}.`;
}

function sourceOf(figure: BenchmarkFigureWire): string {
  return `${figure.source.publication}, ${figure.source.fileName}, loaded ${formatInstant(figure.source.loadedAt)}`;
}

const COLUMNS: readonly Column<Line>[] = [
  { header: 'Pupils', value: (l) => l.row.label },
  {
    header: 'Compared with',
    value: (l) => `${LEVEL_NAMES[l.figure.level]}: ${l.figure.areaName}`,
  },
  { header: 'DfE period', value: (l) => l.figure.period.label },
  {
    header: 'School absence',
    isNumeric: true,
    value: (l) => csvPercent(l.row.school?.overallAbsencePercent ?? null),
    cell: (l) => formatPercent(l.row.school?.overallAbsencePercent ?? null),
  },
  {
    header: 'School possible sessions',
    isNumeric: true,
    value: (l) => l.row.school?.possibleSessions ?? 'n/a',
    cell: (l) => (l.row.school === null ? 'n/a' : formatCount(l.row.school.possibleSessions)),
  },
  {
    header: 'DfE absence',
    isNumeric: true,
    value: (l) => csvPercent(l.figure.overallAbsencePercent),
    cell: (l) => formatPercent(l.figure.overallAbsencePercent),
  },
  {
    header: 'DfE possible sessions',
    isNumeric: true,
    value: (l) => l.figure.possibleSessions,
    cell: (l) => formatCount(l.figure.possibleSessions),
  },
  {
    header: 'Gap (days per pupil)',
    isNumeric: true,
    value: (l) => (l.figure.gapDaysPerPupil === null ? 'n/a' : l.figure.gapDaysPerPupil.toFixed(1)),
    cell: (l) => formatGap(l.figure.gapDaysPerPupil),
  },
  {
    header: 'School persistent absence',
    isNumeric: true,
    value: (l) => csvPercent(l.row.school?.persistentPercent ?? null),
    cell: (l) => formatPercent(l.row.school?.persistentPercent ?? null),
  },
  {
    header: 'DfE persistent absence',
    isNumeric: true,
    value: (l) => csvPercent(l.figure.persistentPercent),
    cell: (l) => formatPercent(l.figure.persistentPercent),
  },
  {
    header: 'School severe absence',
    isNumeric: true,
    value: (l) => csvPercent(l.row.school?.severePercent ?? null),
    cell: (l) => formatPercent(l.row.school?.severePercent ?? null),
  },
  {
    header: 'DfE severe absence',
    isNumeric: true,
    value: (l) => csvPercent(l.figure.severePercent),
    cell: (l) => formatPercent(l.figure.severePercent),
  },
  { header: 'Source', value: (l) => sourceOf(l.figure) },
];

function linesOf(rows: readonly BenchmarkRow[]): Line[] {
  return rows.flatMap((row) => row.benchmarks.map((figure) => ({ row, figure })));
}

function BenchmarkView({ report }: { readonly report: BenchmarkResponse }) {
  const [all, ...groups] = report.rows;
  const where = [
    report.localAuthority === null
      ? null
      : `local authority ${report.localAuthority.name ?? report.localAuthority.code}`,
    report.region === null ? null : `region ${report.region.name ?? report.region.code}`,
  ].filter((s) => s !== null);
  const sentences = (all?.benchmarks ?? []).map(gapSentence).filter((s) => s !== null);
  const file = (part: string) => reportFilename(['dfe-comparison', part, report.range.to]);
  return (
    <div className="report-body">
      <p className="report-range-label">
        {report.school.name}, {report.range.label}, beside {report.phaseName.toLowerCase()} schools
        {where.length > 0 ? ` (${where.join(', ')})` : ''}.
      </p>
      {report.notes.map((note) => (
        <p key={note} className="notice">
          {note}
        </p>
      ))}
      {all?.school != null && (
        <p>
          {formatCount(all.school.pupils)} pupils aged 5 to 15,{' '}
          {formatCount(all.school.possibleSessions)} possible sessions, overall absence{' '}
          {formatPercent(all.school.overallAbsencePercent)}. {sentences.join(' ')}
        </p>
      )}
      <div className="report-actions no-print">
        <PrintButton />
      </div>
      <DataTable<Line>
        caption="All pupils"
        rows={all === undefined ? [] : linesOf([all])}
        rowKey={(l) => `${l.figure.level}-${l.figure.areaName}`}
        filename={file('all-pupils')}
        emptyText="No DfE figures to compare with for this phase."
        columns={COLUMNS}
      />
      <DataTable<Line>
        caption="Groups of pupils"
        rows={linesOf(groups)}
        rowKey={(l) => `${l.row.label}-${l.figure.level}-${l.figure.areaName}`}
        filename={file('groups')}
        emptyText="The loaded DfE files have no figures by characteristic for this phase."
        columns={COLUMNS}
      />
      <p className="report-figure__detail">
        The gap is (school rate − DfE rate) ÷ 100 × the school’s possible sessions per pupil ÷ 2:
        positive, the school’s pupils missed more days each than at the DfE’s rate. A group’s school
        figure shows “n/a” until the school’s figures by characteristic are available.
      </p>
    </div>
  );
}

export interface BenchmarkScreenProps {
  readonly env: ReportEnv;
  readonly range: RangeChoice;
  readonly onRangeChange: (range: RangeChoice) => void;
}

export function BenchmarkScreen({ env, range, onRangeChange }: BenchmarkScreenProps) {
  const id = useId();
  const [phase, setPhase] = useState<BenchmarkPhase | 'school'>('school');
  const rangeQuery = rangeQueryOf(range);
  const isTeacher = env.scope.role === 'teacher';
  const query =
    !isTeacher && rangeQuery.ok
      ? { ...rangeQuery.query, ...(phase === 'school' ? {} : { phase }) }
      : null;
  const handle = useReport(
    query === null
      ? null
      : reportRequest(
          env,
          benchmarks.comparison,
          { query },
          `Working out ${env.schoolName} beside the DfE’s figures…`,
        ),
  );
  if (isTeacher)
    return (
      <p className="notice">
        The DfE comparison is for the office, the attendance lead and administrators.
      </p>
    );
  return (
    <div className="report-screen">
      <div className="report-controls no-print">
        <div className="field report-field">
          <label className="field-label" htmlFor={`${id}-phase`}>
            Compare with
          </label>
          <select
            id={`${id}-phase`}
            value={phase}
            onChange={(event) => {
              const value = event.target.value;
              const parsed = benchmarkPhaseSchema.safeParse(value);
              setPhase(parsed.success ? parsed.data : 'school');
            }}
          >
            <option value="school">Schools like ours (from our year groups)</option>
            {BENCHMARK_PHASES.map((p) => (
              <option key={p} value={p}>
                {BENCHMARK_PHASE_NAMES[p]}
              </option>
            ))}
          </select>
        </div>
        <RangePicker value={range} onChange={onRangeChange} />
      </div>
      <ReportStatus handle={handle} />
      {handle.state.status === 'done' && <BenchmarkView report={handle.state.value} />}
    </div>
  );
}
