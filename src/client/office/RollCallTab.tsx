/**
 * The fire roll call: who is on site now, class by class — present and late pupils and those who
 * arrived after the register closed, minus off-site codes and pupils signed out. Computed on this
 * device from its synced entries and the sign-outs cached at the last online fetch, so it works
 * at the assembly point with no wifi. Each tick is saved at once (a reload keeps it); the screen
 * says who is still missing or that everyone is accounted for; it prints on A4; "Finish drill"
 * records the drill (queued on the device and sent when there is a connection).
 */
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import {
  currentSession,
  sessionKey,
  type RollCall,
  type RollCallLine,
  type SessionRef,
  type WhereaboutsBasis,
} from '../../domain/index';
import type { BodyIn } from '../../shared/api/endpoint';
import * as office from '../../shared/api/endpoints/officeEndpoints';
import { call as callApi } from '../api/call';
import { formatSession } from '../ui/format';
import { useNow } from '../ui/useNow';
import { useLiveQuery } from '../ui/useLiveQuery';
import { flushDrills, queueDrill, queuedDrillCount } from './drillQueue';
import { failureText } from './ListStatus';
import { formatInstant, schoolToday } from './officeFormat';
import type { OfficeTabProps } from './officeTabProps';
import { deviceRollCall } from './rollCallData';
import { clearTicks, readTicks, setTick } from './rollCallTicks';
import { SessionPicker } from './SessionPicker';
import { useAfterEachSync } from './useAfterEachSync';
import { useOnlineList } from './useOnlineList';

const BASIS_TEXT: Readonly<Record<WhereaboutsBasis, string>> = {
  present: 'Present',
  arrived_after_close: 'Arrived after the register closed',
  educational_activity: 'Off site: educational activity',
  absent: 'Absent',
  not_required: 'Not required to attend',
  signed_out: 'Signed out',
  no_mark: 'No mark yet: check by eye',
  reason_not_established: 'Absent, reason not known (N): check by eye',
  unrecognised_code: 'Unknown code: check by eye',
};

export function RollCallTab(props: OfficeTabProps) {
  const { db, roster, school, clock, timers, staff } = props;
  const now = useNow(clock, timers, 15_000);
  const [session, setSession] = useState<SessionRef>(
    () =>
      currentSession(school, null, clock.now()) ?? {
        date: schoolToday(clock.now(), school.timeZone),
        part: 'AM',
      },
  );
  const key = sessionKey(session);
  const { list: signOutList } = useOnlineList({
    db,
    cacheKey: `signOuts:${session.date}`,
    endpoint: office.listSignOuts,
    input: { query: { date: session.date } },
    staffId: staff.staffId,
    ...(props.fetch === undefined ? {} : { fetch: props.fetch }),
    clock,
    timers,
    refreshMs: 60_000,
  });
  const signOuts = useMemo(
    () =>
      signOutList.kind === 'ready'
        ? signOutList.value.signOuts.map((s) => ({
            pupilId: s.pupilId,
            at: s.at,
            returnedAt: s.returnedAt,
          }))
        : [],
    [signOutList],
  );
  const at = new Date(now).toISOString();
  const call = useLiveQuery(
    () => deviceRollCall(db, roster, session, at, signOuts),
    [db, roster, key, at, signOuts],
  );
  const ticks = useLiveQuery(() => readTicks(db, key), [db, key]);
  const ticked = new Set(ticks?.ticked ?? []);

  return (
    <section aria-labelledby="roll-call-heading" className="office-tab roll-call">
      <h2 id="roll-call-heading">Fire roll call: {formatSession(session)}</h2>
      <div className="no-print">
        <SessionPicker session={session} onChange={setSession} />
      </div>
      <p className="hint">
        From this device’s registers as of its last sync
        {signOutList.kind === 'ready' &&
          `, and the sign-outs as of ${formatInstant(signOutList.fetchedAt, school.timeZone)}`}
        . Printed at {formatInstant(at, school.timeZone)}.
      </p>
      {signOutList.kind === 'failed' && (
        <p className="notice notice--warning" role="status">
          {failureText(signOutList.problem, 'the sign-out book')} Pupils who have left the site may
          be listed as on site.
        </p>
      )}
      {signOutList.kind === 'ready' && signOutList.problem !== null && (
        <p className="notice notice--warning" role="status">
          You are offline; the sign-outs are from{' '}
          {formatInstant(signOutList.fetchedAt, school.timeZone)}.
        </p>
      )}
      {call === undefined ? (
        <p className="notice">Working out who is on site…</p>
      ) : (
        <RollCallBody
          {...props}
          call={call}
          ticked={ticked}
          session={session}
          startedAt={ticks?.startedAt ?? null}
          now={at}
        />
      )}
    </section>
  );
}

interface BodyProps extends OfficeTabProps {
  readonly call: RollCall;
  readonly ticked: ReadonlySet<string>;
  readonly session: SessionRef;
  readonly startedAt: string | null;
  readonly now: string;
}

const isExpected = (line: RollCallLine) => line.whereabouts === 'on_site';
const isCheckable = (line: RollCallLine) =>
  line.whereabouts === 'on_site' || line.whereabouts === 'unknown';

function RollCallBody(props: BodyProps) {
  const { call, ticked, db, session, clock, staff, school, fetch } = props;
  const notesId = useId();
  const [notes, setNotes] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const waiting = useLiveQuery(() => queuedDrillCount(db), [db]);
  const key = sessionKey(session);

  const send = useCallback(
    (body: unknown) =>
      callApi(
        office.recordFireDrill,
        // The drill queue keeps bodies the form built from this schema (drillQueue.ts).
        { body: body as BodyIn<typeof office.recordFireDrill> },
        { staffId: staff.staffId, ...(fetch === undefined ? {} : { fetch }) },
      ),
    [staff.staffId, fetch],
  );

  // Drills finished offline go when the section opens and after each sync (the device is online).
  const flush = useCallback(() => void flushDrills(db, send), [db, send]);
  useEffect(() => flush(), [flush]);
  useAfterEachSync(flush);

  const lines = call.groups.flatMap((g) => g.lines.map((line) => ({ line, group: g.groupName })));
  const expected = lines.filter(({ line }) => isExpected(line));
  const missing = expected.filter(({ line }) => !ticked.has(line.pupilId));
  const accounted = lines.filter(({ line }) => ticked.has(line.pupilId));

  const toggle = (pupilId: string, isTicked: boolean) =>
    void setTick(db, key, pupilId, isTicked, new Date(clock.now()).toISOString());

  const finish = async () => {
    setIsBusy(true);
    const id = crypto.randomUUID();
    const endedAt = new Date(clock.now()).toISOString();
    const note = notes.trim();
    await queueDrill(
      db,
      {
        id,
        session: { date: session.date, part: session.part },
        startedAt: props.startedAt ?? endedAt,
        endedAt,
        accountedFor: accounted.map(({ line }) => line.pupilId),
        missing: missing.map(({ line }) => line.pupilId),
        notes: note === '' ? null : note,
      },
      endedAt,
    );
    await clearTicks(db);
    const result = await flushDrills(db, send);
    setIsBusy(false);
    setNotes('');
    setMessage(
      result.refused.length > 0
        ? `The drill record was refused: ${result.refused.join(' ')}`
        : result.waiting > 0
          ? 'The drill is saved on this device and will be sent to the office server when there is a connection.'
          : 'The drill has been recorded.',
    );
  };

  return (
    <>
      <div
        className={`roll-call__summary ${missing.length === 0 ? 'roll-call__summary--done' : ''}`}
        role="status"
        aria-live="polite"
      >
        <p className="roll-call__headline">
          {missing.length === 0
            ? `Everyone accounted for: ${accounted.length} ticked off.`
            : `${missing.length} still to account for.`}
        </p>
        <p>
          On site: {call.totals.onSite} · To check by eye: {call.totals.unknown} · Signed out:{' '}
          {call.totals.signedOut} · Off site or absent: {call.totals.offSite}
        </p>
      </div>
      {missing.length > 0 && (
        <div className="roll-call__missing">
          <h3>Missing</h3>
          <ul aria-label="Missing">
            {missing.map(({ line, group }) => (
              <li key={line.pupilId}>
                {line.name} <span className="hint">({group})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {call.groups.map((g) => (
        <section key={g.groupId} className="roll-call__group" aria-label={g.groupName}>
          <h3>
            {g.groupName}{' '}
            <span className="hint">
              {g.counts.onSite} on site
              {g.counts.unknown > 0 && `, ${g.counts.unknown} to check`}
            </span>
          </h3>
          <ul className="roll-call__lines">
            {g.lines.filter(isCheckable).map((line) => (
              <li
                key={line.pupilId}
                className={`roll-call__line roll-call__line--${line.whereabouts}`}
              >
                <label className="tick">
                  <input
                    type="checkbox"
                    checked={ticked.has(line.pupilId)}
                    onChange={(event) => toggle(line.pupilId, event.target.checked)}
                  />
                  <span className="tick__name">{line.name}</span>
                  <span className="tick__code">{line.code ?? '—'}</span>
                  {line.whereabouts !== 'on_site' && (
                    <span className="tick__note">{BASIS_TEXT[line.basis]}</span>
                  )}
                  {line.basis === 'arrived_after_close' && (
                    <span className="tick__note">{BASIS_TEXT[line.basis]}</span>
                  )}
                </label>
              </li>
            ))}
          </ul>
          {g.lines.some((l) => !isCheckable(l)) && (
            <p className="hint roll-call__away">
              Not on site:{' '}
              {g.lines
                .filter((l) => !isCheckable(l))
                .map(
                  (l) =>
                    `${l.name} (${l.code ?? '—'}: ${BASIS_TEXT[l.basis]}${l.signedOutAt === null ? '' : ` at ${formatInstant(l.signedOutAt, school.timeZone, session.date)}`})`,
                )
                .join('; ')}
            </p>
          )}
        </section>
      ))}
      <div className="office-card no-print roll-call__finish">
        <div className="field">
          <label htmlFor={notesId} className="field-label">
            Notes on the drill <span className="optional">(optional)</span>
          </label>
          <textarea
            id={notesId}
            rows={2}
            maxLength={2000}
            value={notes}
            onChange={(event) => setNotes(event.target.value)}
          />
        </div>
        <div className="office-actions">
          <button type="button" className="button" onClick={() => window.print()}>
            Print (A4)
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={isBusy}
            onClick={() => void finish()}
          >
            Finish drill
          </button>
        </div>
        {(waiting ?? 0) > 0 && (
          <p className="hint">
            {waiting} finished {waiting === 1 ? 'drill is' : 'drills are'} waiting to be sent.
          </p>
        )}
        {message !== null && (
          <p className="notice" role="status">
            {message}
          </p>
        )}
      </div>
    </>
  );
}
