/**
 * Today at a glance: every group's register for the chosen session — taken, partly taken, or not
 * taken (flagged once the register has closed), who took it and when it last synced, with the
 * present, late and absent counts. Refreshes every 30 seconds while open and after each sync.
 */
import { useState } from 'react';
import { currentSession, type SessionRef } from '../../domain/index';
import { formatSession } from '../ui/format';
import { type TodayCounts, type TodayGroup } from '../../shared/api/officeSchemas';
import { ListStatus } from './ListStatus';
import { formatInstant, roleTitle, schoolToday } from './officeFormat';
import type { OfficeTabProps } from './officeTabProps';
import { SessionPicker } from './SessionPicker';
import { useOnlineList } from './useOnlineList';
import * as office from '../../shared/api/endpoints/officeEndpoints';

export const TODAY_REFRESH_MS = 30_000;

export function TodayTab(props: OfficeTabProps) {
  const { school, clock } = props;
  const [session, setSession] = useState<SessionRef>(
    () =>
      currentSession(school, null, clock.now()) ?? {
        date: schoolToday(clock.now(), school.timeZone),
        part: 'AM',
      },
  );
  const { list, refresh } = useOnlineList({
    db: props.db,
    cacheKey: `today:${session.date}:${session.part}`,
    endpoint: office.today,
    input: { query: { date: session.date, part: session.part } },
    staffId: props.staff.staffId,
    ...(props.fetch === undefined ? {} : { fetch: props.fetch }),
    clock,
    timers: props.timers,
    refreshMs: TODAY_REFRESH_MS,
  });
  const today = schoolToday(clock.now(), school.timeZone);

  return (
    <section aria-labelledby="today-heading" className="office-tab">
      <h2 id="today-heading">Registers: {formatSession(session)}</h2>
      <SessionPicker session={session} onChange={setSession} />
      <ListStatus list={list} timeZone={school.timeZone} what="the registers" onRetry={refresh}>
        {(value) => (
          <>
            <Totals counts={value.totals} />
            <table className="office-table">
              <caption className="visually-hidden">Each class’s register</caption>
              <thead>
                <tr>
                  <th scope="col">Class</th>
                  <th scope="col">Register</th>
                  <th scope="col">Taken by</th>
                  <th scope="col">Last synced</th>
                  <th scope="col">Present</th>
                  <th scope="col">Late</th>
                  <th scope="col">Absent</th>
                </tr>
              </thead>
              <tbody>
                {value.groups.map((group) => (
                  <tr
                    key={group.groupId}
                    className={`register-row register-row--${rowState(group)}`}
                  >
                    <th scope="row">{group.groupName}</th>
                    <td>{statusText(group)}</td>
                    <td>
                      {group.takenBy.length === 0
                        ? '—'
                        : group.takenBy.map((a) => `${a.name} (${roleTitle(a.role)})`).join(', ')}
                    </td>
                    <td>
                      {group.lastSyncedAt === null
                        ? '—'
                        : formatInstant(group.lastSyncedAt, school.timeZone, today)}
                    </td>
                    <td>{group.counts.present}</td>
                    <td>
                      {group.counts.late}
                      {group.counts.lateAfterClose > 0 && ` + ${group.counts.lateAfterClose} U`}
                    </td>
                    <td>
                      {group.counts.absent}
                      {group.counts.reasonNotEstablished > 0 &&
                        ` (${group.counts.reasonNotEstablished} N)`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </ListStatus>
    </section>
  );
}

function rowState(group: TodayGroup): string {
  if (group.status === 'not_taken' && group.registerClosed) return 'missing';
  return group.status.replace('_', '-');
}

/** "Taken", "Partly taken (3 unmarked)", "Not taken — register closed 09:15". */
export function statusText(group: TodayGroup): string {
  switch (group.status) {
    case 'taken':
      return 'Taken';
    case 'partly_taken':
      return `Partly taken (${group.counts.unmarked} not marked)`;
    case 'not_taken':
      return group.registerClosed
        ? `Not taken — the register closed at ${group.registerCloses}`
        : `Not taken yet (closes ${group.registerCloses})`;
    case 'no_session':
      return 'No register this session';
  }
}

function Totals({ counts }: { readonly counts: TodayCounts }) {
  return (
    <dl className="office-totals">
      <div>
        <dt>On roll</dt>
        <dd>{counts.onRoll}</dd>
      </div>
      <div>
        <dt>Present</dt>
        <dd>{counts.present}</dd>
      </div>
      <div>
        <dt>Late (L)</dt>
        <dd>{counts.late}</dd>
      </div>
      <div>
        <dt>After close (U)</dt>
        <dd>{counts.lateAfterClose}</dd>
      </div>
      <div>
        <dt>Absent</dt>
        <dd>{counts.absent}</dd>
      </div>
      <div>
        <dt>No reason yet (N)</dt>
        <dd>{counts.reasonNotEstablished}</dd>
      </div>
      <div>
        <dt>Not marked</dt>
        <dd>{counts.unmarked}</dd>
      </div>
    </dl>
  );
}
