/**
 * The governors' termly pack on screen: the same sections as its PDF (figures, targets, week by
 * week, term on term, groups, published figures), a choice of term, Print (A4, without the app's
 * chrome) and Download PDF. Every rate sits beside the possible sessions or pupils behind it.
 */
import { useCallback, useId, useState } from 'react';
import { fillPath } from '../../shared/api/endpoint';
import { governorPack, governorPackPdf } from '../../shared/api/endpoints/governorEndpoints';
import type { GovernorPackResponse, TrackedWeekDto } from '../../shared/api/governorSchemas';
import { call } from '../api/call';
import {
  formatCount,
  formatDateRange,
  formatLongDate,
  formatOneDecimal,
  formatPercent,
} from '../ui/format';
import type { SectionProps } from '../ui/sectionProps';
import { useLoaded } from '../ui/useLoaded';
import { Head, LoadFailure } from './GovernorsParts';
import { asStaff } from './governorsRequest';

type Figures = GovernorPackResponse['figures'];

const AGAINST: Readonly<Record<string, string>> = {
  met: 'Met',
  below: 'Below target',
  above: 'Above target',
  noSessions: 'No sessions',
  noPupils: 'No pupils',
};

const against = (value: string | null): string =>
  value === null ? '—' : (AGAINST[value] ?? value);

function sessions(f: Figures): string {
  return `${formatPercent(f.stats.attendancePercent)} of ${formatCount(f.stats.possible)} sessions`;
}

function persistent(f: Figures): string {
  return `${formatPercent(f.cohort.persistentPercent)} (${formatCount(f.cohort.persistent)} of ${formatCount(f.cohort.pupils)} pupils)`;
}

function severe(f: Figures): string {
  return `${formatPercent(f.cohort.severePercent)} (${formatCount(f.cohort.severe)} of ${formatCount(f.cohort.pupils)} pupils)`;
}

export function PackPanel(props: SectionProps) {
  const [term, setTerm] = useState<string | undefined>(undefined);
  const termId = useId();
  const { staff, fetch } = props;
  const load = useCallback(
    () =>
      call(
        governorPack,
        { query: term === undefined ? {} : { term } },
        asStaff({ staff, ...(fetch === undefined ? {} : { fetch }) }),
      ),
    [term, staff, fetch],
  );
  const { value: answer, reload } = useLoaded(load, null);

  if (answer === null) return <p className="notice">Loading the pack…</p>;
  if (!answer.ok) return <LoadFailure error={answer.error} onRetry={() => void reload()} />;
  const pack = answer.value;
  const pdfHref = `${fillPath(governorPackPdf.path, {})}?term=${pack.term.from}`;

  return (
    <article className="governors-pack" aria-labelledby="pack-heading">
      <h2 id="pack-heading">
        {pack.school.name}: {pack.term.name}
      </h2>
      <p>
        {formatDateRange(pack.term.from, pack.term.to)}. Pupils aged 5 to 15, as the DfE’s
        statistics count them. No pupil is named in this pack.
      </p>
      <div className="governors-pack__actions">
        <label htmlFor={termId}>Term</label>
        <select id={termId} value={pack.term.from} onChange={(e) => setTerm(e.currentTarget.value)}>
          {pack.terms.map((t) => (
            <option key={t.from} value={t.from}>
              {t.name} ({formatLongDate(t.from)})
            </option>
          ))}
        </select>
        <button type="button" onClick={() => window.print()}>
          Print
        </button>
        <a className="button" href={pdfHref} download>
          Download PDF
        </a>
      </div>

      <h3>Figures</h3>
      <dl className="governors-pack__figures">
        <dt>Attendance</dt>
        <dd>{sessions(pack.figures)}</dd>
        <dt>Authorised absence</dt>
        <dd>{formatPercent(pack.figures.stats.authorisedPercent)}</dd>
        <dt>Unauthorised absence</dt>
        <dd>{formatPercent(pack.figures.stats.unauthorisedPercent)}</dd>
        <dt>Persistent absence ({pack.thresholds.persistentAbsencePercent}% or more missed)</dt>
        <dd>{persistent(pack.figures)}</dd>
        <dt>Severe absence ({pack.thresholds.severeAbsencePercent}% or more missed)</dt>
        <dd>{severe(pack.figures)}</dd>
      </dl>

      <h3>Targets for {pack.targets.yearLabel}</h3>
      {pack.targets.inForce.length === 0 ? (
        <p>No target has been approved for {pack.targets.yearLabel}.</p>
      ) : (
        <table className="governors-table">
          <Head
            columns={[
              'For',
              'Attendance target',
              'This term',
              'Persistent absence at most',
              'This term',
              'Approved by',
            ]}
          />
          <tbody>
            {pack.targets.inForce.map((t) => (
              <tr key={t.target.id}>
                <th scope="row">{t.target.groupLabel}</th>
                <td>{formatPercent(t.target.attendancePercent)}</td>
                <td>
                  {t.figures === null ? 'Not available' : sessions(t.figures)}:{' '}
                  {against(t.attendance)}
                </td>
                <td>{formatPercent(t.target.persistentPercent)}</td>
                <td>
                  {t.figures === null ? 'Not available' : persistent(t.figures)}:{' '}
                  {against(t.persistence)}
                </td>
                <td>
                  {t.target.decision === null
                    ? '—'
                    : `${t.target.decision.decidedBy.name}, ${formatLongDate(t.target.decision.decidedAt.slice(0, 10))}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pack.targets.waiting > 0 && (
        <p>
          {pack.targets.waiting === 1
            ? 'One proposed target waits for a governor’s decision.'
            : `${pack.targets.waiting} proposed targets wait for a governor’s decision.`}
        </p>
      )}

      <h3>Week by week</h3>
      <WeeksTable
        weeks={pack.trends.weeks}
        caption="Each school week’s attendance against the whole school’s target, and persistent absence so far this school year."
      />
      {pack.targets.inForce.map((t) =>
        t.target.group === null ? null : (
          <section key={t.target.id} aria-label={`Week by week: ${t.target.groupLabel}`}>
            <h4>Week by week: {t.target.groupLabel}</h4>
            {t.weeks === null ? (
              <p>Fewer than {pack.groups.smallGroupMinimum} pupils: not shown</p>
            ) : (
              <WeeksTable
                weeks={t.weeks}
                caption={`Each school week’s attendance against this group’s target, and persistent absence so far this school year, counting each pupil only on the days they were in the group.`}
              />
            )}
          </section>
        ),
      )}

      <h3>Term on term</h3>
      <table className="governors-table">
        <Head columns={['Term', 'Attendance', 'Persistent absence', 'Severe absence']} />
        <tbody>
          {pack.trends.terms.map((t) => (
            <tr key={t.from}>
              <th scope="row">
                {t.name} ({formatDateRange(t.from, t.to)})
              </th>
              <td>{sessions(t.figures)}</td>
              <td>{persistent(t.figures)}</td>
              <td>{severe(t.figures)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>Groups of pupils</h3>
      <table className="governors-table">
        <Head columns={['Group', 'Attendance', 'Persistent absence']} />
        <tbody>
          {pack.groups.rows.map((row) => (
            <tr key={`${row.group.key}:${row.group.value}`}>
              <th scope="row">{row.group.label}</th>
              {row.figures === null ? (
                <td colSpan={2}>
                  {row.suppressed
                    ? `Fewer than ${pack.groups.smallGroupMinimum} pupils: not shown`
                    : 'Not available'}
                </td>
              ) : (
                <>
                  <td>{sessions(row.figures)}</td>
                  <td>{persistent(row.figures)}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {pack.groups.notes.map((note) => (
        <p key={note} className="governors-pack__note">
          {note}
        </p>
      ))}

      <h3>Compared with published figures</h3>
      {pack.benchmarks.rows.map((row) => (
        <table key={row.label} className="governors-table">
          <caption>{row.label}</caption>
          <Head
            columns={[
              'Area',
              'Overall absence',
              'Persistent absence',
              'Gap in days per pupil',
              'Source',
            ]}
          />
          <tbody>
            {row.benchmarks.map((b) => (
              <tr key={`${b.areaName} ${b.period}`}>
                <th scope="row">
                  {b.areaName} ({b.period})
                </th>
                <td>{formatPercent(b.overallAbsencePercent)}</td>
                <td>{formatPercent(b.persistentPercent)}</td>
                <td>{b.gapDaysPerPupil === null ? '—' : formatOneDecimal(b.gapDaysPerPupil)}</td>
                <td>{b.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      {pack.benchmarks.notes.map((note) => (
        <p key={note} className="governors-pack__note">
          {note}
        </p>
      ))}
    </article>
  );
}

/** Each school week of the term against a target: its attendance, and persistent absence so far. */
function WeeksTable({ weeks, caption }: { weeks: readonly TrackedWeekDto[]; caption: string }) {
  return (
    <table className="governors-table">
      <caption>{caption}</caption>
      <Head
        columns={[
          'Week of',
          'Attendance',
          'Against target',
          'Persistent absence so far',
          'Against target',
        ]}
      />
      <tbody>
        {weeks.map((w) => (
          <tr key={w.weekStart}>
            <th scope="row">{formatLongDate(w.weekStart)}</th>
            <td>
              {formatPercent(w.week.attendancePercent)} of {formatCount(w.week.possible)} sessions
            </td>
            <td>{against(w.attendance)}</td>
            <td>
              {formatPercent(w.persistentPercent)} ({formatCount(w.persistent)} of{' '}
              {formatCount(w.pupils)} pupils)
            </td>
            <td>{against(w.persistence)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
