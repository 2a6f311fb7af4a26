/**
 * A pupil's record: find the pupil by name, see their attendance this term and year at the top,
 * then every entry for a date range, newest first, one line per session grouped by day, each
 * opening to its whole history (each mark, its reason, who made it and in what role, on which
 * device by name, when it was observed and when it reached the server); print it, amend any entry
 * with a required reason, and pre-enter a code for future sessions. A mark taken back by an undo
 * shows as "withdrawn (undo)", and a session left with no mark by one still shows, with its history.
 * Every save here is offered as Undo for a few seconds (officeUndo.ts).
 */
import { useState } from 'react';
import { addDays, parseLocalDate, type LocalDate, type SessionRef } from '../../domain/index';
import { formatDay, formatSession } from '../ui/format';
import { sessionKey } from '../../domain/index';
import { pupilEntries } from '../../shared/api/endpoints/coreEndpoints';
import {
  type ClearedEntry,
  type EntryHistory,
  type PupilEntriesResponse,
} from '../../shared/api/entrySchemas';
import { deviceTitle } from '../ui/deviceName';
import { ContactsDetails } from './ContactsPanel';
import { AmendForm } from './AmendForm';
import { EVENT_STATUS_TEXT, headOf } from './entryHistory';
import { ListStatus } from './ListStatus';
import {
  codeLabel,
  formatInstant,
  roleTitle,
  schoolToday,
  wireDate,
  wireSession,
} from './officeFormat';
import type { OfficeTabProps } from './officeTabProps';
import { PreEnterForm } from './PreEnterForm';
import { PupilSearch } from './PupilSearch';
import { PupilSummary } from './PupilSummary';
import { OfficeNotice, useOfficeNotice } from './OfficeNotice';
import { SessionMarkPanel } from './SessionMarkPanel';
import { useOnlineList } from './useOnlineList';
import { DateField } from '../ui/DateField';

export interface PupilRecordTabProps extends OfficeTabProps {
  readonly initialPupilId: string | null;
}

export function PupilRecordTab(props: PupilRecordTabProps) {
  const { roster, school, clock } = props;
  const today = schoolToday(clock.now(), school.timeZone);
  const [pupilId, setPupilId] = useState<string | null>(props.initialPupilId);
  const [from, setFrom] = useState<string>(addDays(today, -14));
  const [to, setTo] = useState<string>(today);
  // What was just saved, with Undo over it for a few seconds.
  const notice = useOfficeNotice(props.timers);
  const setNotice = notice.show;
  const pupil = roster.pupils.find((p) => p.id === pupilId) ?? null;
  const group = roster.groups.find((g) => g.id === pupil?.groupId) ?? null;

  return (
    <section aria-labelledby="pupil-record-heading" className="office-tab">
      <h2 id="pupil-record-heading" className="no-print">
        Pupil record
      </h2>
      <div className="no-print">
        <PupilSearch
          roster={roster}
          date={today}
          label="Find a pupil (type part of their name)"
          onChoose={(found) => {
            setNotice(null);
            setPupilId(found.pupil.id);
          }}
        />
      </div>
      <OfficeNotice state={notice} />
      {pupil !== null && (
        <>
          <h3 className="print-title">
            {pupil.displayName}
            <span className="hint"> · {group?.name ?? 'No class'}</span>
          </h3>
          <PupilSummary {...props} pupilId={pupil.id} />
          <div className="office-row no-print">
            <div className="field">
              <label htmlFor="record-from" className="field-label">
                From
              </label>
              <DateField id="record-from" value={from} onChange={setFrom} />
            </div>
            <div className="field">
              <label htmlFor="record-to" className="field-label">
                To
              </label>
              <DateField id="record-to" value={to} onChange={setTo} />
            </div>
            <button type="button" className="button" onClick={() => window.print()}>
              Print
            </button>
          </div>
          <ContactsDetails pupilId={pupil.id} staffId={props.staff.staffId} fetch={props.fetch} />
          <EntryList
            {...props}
            pupilId={pupil.id}
            pupilName={pupil.displayName}
            from={parseLocalDate(from)}
            to={parseLocalDate(to)}
            onAmended={setNotice}
          />
          <details className="no-print pre-enter-panel">
            <summary className="button">Record or change a mark for a session</summary>
            <SessionMarkPanel {...props} pupil={pupil} onSaved={setNotice} />
          </details>
          <details className="no-print pre-enter-panel">
            <summary className="button">Pre-enter a code for future sessions</summary>
            <PreEnterForm {...props} pupil={pupil} onSaved={setNotice} />
          </details>
        </>
      )}
      {pupil === null && (
        <details className="no-print pre-enter-panel">
          <summary className="button">Pre-enter a code for whole classes</summary>
          <PreEnterForm {...props} pupil={null} onSaved={setNotice} />
        </details>
      )}
    </section>
  );
}

interface EntryListProps extends OfficeTabProps {
  readonly pupilId: string;
  readonly pupilName: string;
  readonly from: LocalDate | null;
  readonly to: LocalDate | null;
  readonly onAmended: (message: string, undo: () => Promise<string>) => void;
}

function EntryList(props: EntryListProps) {
  const { school, from, to } = props;
  const today = schoolToday(props.clock.now(), school.timeZone);
  const valid = from !== null && to !== null && from <= to;
  const { list, refresh } = useOnlineList({
    db: props.db,
    cacheKey: `pupil:${props.pupilId}:${from ?? ''}:${to ?? ''}`,
    endpoint: pupilEntries,
    // An impossible range is never shown (the problem is, below), so its answer does not matter.
    input: {
      params: { id: props.pupilId },
      query: valid ? { from, to } : { from: today, to: today },
    },
    staffId: props.staff.staffId,
    ...(props.fetch === undefined ? {} : { fetch: props.fetch }),
    clock: props.clock,
    timers: props.timers,
  });
  if (!valid) return <p className="form-error">Choose a “From” date on or before the “To” date.</p>;
  return (
    <ListStatus list={list} timeZone={school.timeZone} what="this pupil’s record" onRetry={refresh}>
      {(value) => (
        <>
          <button type="button" className="button no-print" onClick={refresh}>
            Refresh
          </button>
          <EntryItems {...props} value={value} />
        </>
      )}
    </ListStatus>
  );
}

/** The entries newest first, grouped by day: a day's afternoon above its morning. */
export function entriesByDay<T extends { readonly session: EntryHistory['session'] }>(
  entries: readonly T[],
): { readonly date: string; readonly entries: readonly T[] }[] {
  const sorted = [...entries].sort((a, b) =>
    sessionKey(wireSession(a.session)) < sessionKey(wireSession(b.session)) ? 1 : -1,
  );
  const days: { date: string; entries: T[] }[] = [];
  for (const entry of sorted) {
    const last = days.at(-1);
    if (last?.date === entry.session.date) last.entries.push(entry);
    else days.push({ date: entry.session.date, entries: [entry] });
  }
  return days;
}

function EntryItems(props: EntryListProps & { readonly value: PupilEntriesResponse }) {
  const { value } = props;
  // Sessions with a mark, and sessions whose mark was withdrawn (an undo) and that have none now.
  const items: (
    | { readonly session: EntryHistory['session']; readonly entry: EntryHistory }
    | { readonly session: EntryHistory['session']; readonly cleared: ClearedEntry }
  )[] = [
    ...value.entries.map((entry) => ({ session: entry.session, entry })),
    ...value.cleared.map((cleared) => ({ session: cleared.session, cleared })),
  ];
  if (items.length === 0) {
    return (
      <p className="notice">
        No entries from {formatDay(wireDate(value.from))} to {formatDay(wireDate(value.to))}.
      </p>
    );
  }
  return (
    <ol className="record-days" aria-label={`Entries of ${props.pupilName}, newest first`}>
      {entriesByDay(items).map((day) => (
        <li key={day.date} className="record-day">
          <h4 className="record-day__date">{formatDay(wireDate(day.date))}</h4>
          <ul className="record-day__sessions">
            {day.entries.map((item) => (
              <li key={`${item.session.date}:${item.session.part}`}>
                {'entry' in item ? (
                  <EntryCard {...props} entry={item.entry} />
                ) : (
                  <ClearedCard {...props} cleared={item.cleared} />
                )}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

const deviceOf = (e: EntryHistory['events'][number]): string =>
  e.deviceId === null ? '—' : deviceTitle({ id: e.deviceId, name: e.deviceName });

function EntryCard(props: EntryListProps & { readonly entry: EntryHistory }) {
  const { entry, school } = props;
  const [amending, setAmending] = useState(false);
  const session = wireSession(entry.session);
  const head = headOf(entry);
  const tz = school.timeZone;
  const latest = entry.events.find((e) => e.eventId === head?.eventId) ?? entry.events.at(-1);
  return (
    <details
      className="entry-card"
      aria-label={formatSession(session)}
      data-session={sessionKey(session)}
    >
      <summary className="entry-card__summary">
        <span className="entry-card__part">{session.part === 'AM' ? 'Morning' : 'Afternoon'}</span>
        <span className="entry-card__code">{codeLabel(entry.code, session.date)}</span>
        {entry.minutesLate !== null && (
          <span className="hint">{entry.minutesLate} minutes late</span>
        )}
        {entry.needsReview && <span className="tag tag--overdue">Needs review</span>}
        {latest !== undefined && (
          <span className="hint entry-card__by">
            {latest.by.name}, {deviceOf(latest)}
            {entry.events.length > 1 && ` · ${entry.events.length} marks`}
          </span>
        )}
      </summary>
      <HistoryTable session={session} events={entry.events} timeZone={tz} />
      {entry.withdrawals.length > 0 && (
        <Withdrawals withdrawals={entry.withdrawals} timeZone={tz} />
      )}
      {entry.amendments.length > 0 && (
        <ul className="amendments">
          {entry.amendments.map((a) => (
            <li key={`${a.amendedAt}:${a.to.code}`}>
              Amended from <strong>{a.from.code}</strong> to <strong>{a.to.code}</strong> by{' '}
              {a.by.name} ({roleTitle(a.by.role)}) on {formatInstant(a.amendedAt, tz)}: “
              {a.reason ?? 'no reason'}”
            </li>
          ))}
        </ul>
      )}
      {amending ? (
        <AmendForm
          {...props}
          session={session}
          current={{ code: entry.code, minutesLate: entry.minutesLate, headRole: null }}
          serverHead={head}
          onSaved={({ code, reason, undo }) => {
            setAmending(false);
            props.onAmended(
              `${props.pupilName}, ${formatSession(session)}: ${code} saved on this device (“${reason}”). It appears here once it reaches the office server.`,
              undo,
            );
          }}
          onCancel={() => setAmending(false)}
        />
      ) : (
        <button type="button" className="button no-print" onClick={() => setAmending(true)}>
          Amend
        </button>
      )}
    </details>
  );
}

/** A session whose mark was withdrawn by an undo: it has no mark now, and its history stays. */
function ClearedCard(props: EntryListProps & { readonly cleared: ClearedEntry }) {
  const { cleared, school } = props;
  const session = wireSession(cleared.session);
  const last = cleared.withdrawals.at(-1);
  return (
    <details
      className="entry-card"
      aria-label={formatSession(session)}
      data-session={sessionKey(session)}
    >
      <summary className="entry-card__summary">
        <span className="entry-card__part">{session.part === 'AM' ? 'Morning' : 'Afternoon'}</span>
        <span className="entry-card__code">No mark</span>
        {last !== undefined && (
          <span className="hint entry-card__by">
            {last.withdrawn.code} withdrawn (undo) by {last.by.name}
          </span>
        )}
      </summary>
      <HistoryTable session={session} events={cleared.events} timeZone={school.timeZone} />
      <Withdrawals withdrawals={cleared.withdrawals} timeZone={school.timeZone} />
    </details>
  );
}

function Withdrawals({
  withdrawals,
  timeZone,
}: {
  readonly withdrawals: ClearedEntry['withdrawals'];
  readonly timeZone: string;
}) {
  return (
    <ul className="amendments">
      {withdrawals.map((w) => (
        <li key={`${w.withdrawnAt}:${w.withdrawn.code}`}>
          <strong>{w.withdrawn.code}</strong> withdrawn (undo) by {w.by.name} (
          {roleTitle(w.by.role)}) on {formatInstant(w.withdrawnAt, timeZone)},{' '}
          {Math.round(w.afterMs / 1000)} seconds after it was made
        </li>
      ))}
    </ul>
  );
}

function HistoryTable({
  session,
  events,
  timeZone,
}: {
  readonly session: SessionRef;
  readonly events: EntryHistory['events'];
  readonly timeZone: string;
}) {
  return (
    <table className="office-table history-table">
      <caption className="visually-hidden">History of {formatSession(session)}</caption>
      <thead>
        <tr>
          <th scope="col">Mark</th>
          <th scope="col">Reason</th>
          <th scope="col">Who</th>
          <th scope="col">Device</th>
          <th scope="col">Observed</th>
          <th scope="col">Synced</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.eventId} className="history-row">
            <td>
              <strong>{e.code}</strong>
              {e.minutesLate !== null && ` (${e.minutesLate} min)`}
              {e.kind === 'withdrawn' && ' withdrawn (undo)'}
            </td>
            <td>{e.reason ?? '—'}</td>
            <td>
              {e.by.name} ({roleTitle(e.by.role)})
            </td>
            <td>{deviceOf(e)}</td>
            <td>{formatInstant(e.recordedAt, timeZone)}</td>
            <td>{formatInstant(e.receivedAt, timeZone)}</td>
            <td>
              {EVENT_STATUS_TEXT[e.status]}
              {e.statusDetail !== null && <span className="hint"> — {e.statusDetail}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
