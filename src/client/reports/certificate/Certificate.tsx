/**
 * A pupil's attendance certificate, laid out for parents (seed 002: "framing the attendance in
 * terms of days, rather than the overall percentage"): the percentage with its sessions, time
 * missed in days and hours, absence by reason, punctuality, and the week-by-week strip. Prints on
 * one A4 sheet where it fits (reports.css).
 */
import { yearGroupName } from '../../../domain/index';
import type { CertificateResponse } from '../../../shared/api/reportSchemas';
import { DataTable } from '../DataTable';
import { reportFilename } from '../csv';
import {
  csvPercent,
  formatCount,
  formatDateRange,
  formatMinutes,
  formatPercent,
  percentOf,
} from '../reportFormat';
import { WeekStrip } from './WeekStrip';

type Reason = CertificateResponse['absenceByReason'][number];

interface SessionLine {
  readonly label: string;
  readonly sessions: number;
  readonly percent: number | null;
}

function sessions(count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'session' : 'sessions'}`;
}

export function Certificate({ certificate }: { readonly certificate: CertificateResponse }) {
  const { pupil, range, stats, timeMissed, school } = certificate;
  const base = ['attendance', pupil.displayName, range.from, 'to', range.to];
  const lines: SessionLine[] = [
    { label: 'Possible sessions', sessions: stats.possible, percent: null },
    { label: 'Sessions attended', sessions: stats.attended, percent: stats.attendancePercent },
    { label: 'Authorised absence', sessions: stats.authorised, percent: stats.authorisedPercent },
    {
      label: 'Unauthorised absence',
      sessions: stats.unauthorised,
      percent: stats.unauthorisedPercent,
    },
  ];
  const belowTarget =
    stats.attendancePercent !== null && stats.attendancePercent < certificate.targetPercent;
  const group = [pupil.groupName, pupil.yearGroup === null ? null : yearGroupName(pupil.yearGroup)]
    .filter((part) => part !== null)
    .join(', ');

  return (
    <article className="certificate print-sheet" aria-labelledby="certificate-heading">
      <header className="certificate__header">
        <p className="certificate__school">{school.name}</p>
        <h3 id="certificate-heading">Attendance of {pupil.displayName}</h3>
        <p className="certificate__meta">
          {group !== '' && <span>{group} · </span>}
          <span>
            {range.label} ({formatDateRange(range.from, range.to)})
          </span>
        </p>
      </header>

      <div className="certificate__headline">
        <div className="report-figure">
          <span className="report-figure__label">Attendance</span>
          <span className="report-figure__value">{formatPercent(stats.attendancePercent)}</span>
          <span className="report-figure__detail">
            {formatCount(stats.attended)} of {sessions(stats.possible)}
          </span>
        </div>
        <div className="report-figure">
          <span className="report-figure__label">Time missed</span>
          <span className="report-figure__value report-figure__value--words">
            {timeMissed.phrase}
          </span>
          {timeMissed.phrase !== timeMissed.text && (
            <span className="report-figure__detail">{timeMissed.text}</span>
          )}
        </div>
      </div>
      <p className="certificate__target">
        The school’s attendance target is {formatPercent(certificate.targetPercent)}.
        {stats.attendancePercent !== null &&
          (belowTarget
            ? ` ${pupil.displayName}’s attendance is below it.`
            : ` ${pupil.displayName}’s attendance meets it.`)}
        {certificate.status.severe
          ? ' This is severe absence (half or more of sessions missed).'
          : certificate.status.persistent
            ? ' This is persistent absence (one session in ten or more missed).'
            : ''}
      </p>

      <h4>Sessions</h4>
      <DataTable<SessionLine>
        caption="Sessions"
        isCaptionHidden
        rows={lines}
        rowKey={(line) => line.label}
        filename={reportFilename([...base, 'sessions'])}
        emptyText="No sessions in this range."
        columns={[
          { header: 'Sessions', value: (line) => line.label },
          {
            header: 'Number',
            isNumeric: true,
            value: (line) => line.sessions,
            cell: (line) => formatCount(line.sessions),
          },
          {
            header: 'Share of possible sessions',
            isNumeric: true,
            value: (line) => (line.percent === null ? '' : csvPercent(line.percent)),
            cell: (line) => (line.percent === null ? '' : formatPercent(line.percent)),
          },
        ]}
      />

      <h4>Absence by reason</h4>
      <DataTable<Reason>
        caption="Absence by reason"
        isCaptionHidden
        rows={certificate.absenceByReason}
        rowKey={(reason) => reason.code}
        filename={reportFilename([...base, 'absence-by-reason'])}
        emptyText="No absence in this range."
        columns={[
          { header: 'Reason', value: (r) => r.meaning },
          { header: 'Code', value: (r) => r.code },
          {
            header: 'Kind',
            value: (r) => (r.category === 'AUTH' ? 'Authorised' : 'Unauthorised'),
          },
          {
            header: 'Sessions',
            isNumeric: true,
            value: (r) => r.sessions,
            cell: (r) => formatCount(r.sessions),
          },
          {
            header: 'Share of possible sessions',
            isNumeric: true,
            value: (r) => csvPercent(r.percent),
            cell: (r) => formatPercent(r.percent),
          },
        ]}
      />

      <h4>Punctuality</h4>
      <ul className="certificate__lates">
        <li>
          Late before the register closed: {sessions(stats.lateBeforeClose)}
          {stats.lateBeforeClose > 0 && `, ${formatMinutes(stats.minutesLateBeforeClose)} in all`}.
        </li>
        <li>
          Late after the register closed (counted as unauthorised absence):{' '}
          {sessions(stats.lateAfterClose)}
          {stats.lateAfterClose > 0 && `, ${formatMinutes(stats.minutesLateAfterClose)} in all`}.
        </li>
        {stats.lateBeforeClose + stats.lateAfterClose > 0 && (
          <li>
            Late on{' '}
            {formatPercent(percentOf(stats.lateBeforeClose + stats.lateAfterClose, stats.possible))}{' '}
            of possible sessions.
          </li>
        )}
      </ul>

      <WeekStrip weeks={certificate.weeks} filename={reportFilename([...base, 'marks'])} />
    </article>
  );
}
