/**
 * A trip leader's register, offline and made for a phone: the trip's pupils for one session as a
 * compact tick-list (one line per pupil: a tick, the name, the code and whether it is sent), one
 * tap to confirm everyone with the group, an exception per pupil behind "Changes" (did not come,
 * went home ill, collected early, joined late) and a head-count of who is with the group now that
 * stays in view while the list scrolls. Every mark goes through the outbox with the trip's id;
 * nothing here needs the network.
 */
import { useMemo, useState } from 'react';
import {
  localDate,
  schoolInstant,
  sessionKey,
  type SchoolConfig,
  type SessionRef,
  TRIP_CODE_MEANINGS,
} from '../../domain/index';
import type { LeadingTrip } from '../../shared/api/tripSchemas';
import { formatSession } from '../ui/format';
import type { AppDb } from '../db/appDb';
import { getMeta } from '../db/meta';
import { useLiveQuery } from '../ui/useLiveQuery';
import { defaultActionEnv, type ActionEnv } from '../marks/recordMark';
import { overlayEntry } from '../marks/registerView';
import { groupRefOf, type RosterGroup } from '../marks/roster';
import type { SectionProps } from '../ui/sectionProps';
import type { TripException, TripExceptionKind } from '../db/tripException';
import { recordTripException } from './recordTripException';
import { recordTripMark } from './tripMark';
import {
  currentSessionIndex,
  EXCEPTION_LABELS,
  exceptionChoices,
  expectedMark,
  sessionWords,
  type ExpectedMark,
} from './tripPlan';

export interface TripLeaderViewProps extends SectionProps {
  readonly trip: LeadingTrip;
  readonly school: SchoolConfig;
  readonly groups: readonly RosterGroup[];
}

interface PupilRow {
  readonly id: string;
  readonly displayName: string;
  readonly groupName: string;
  readonly expected: ExpectedMark;
  /** What the register shows (this device's latest mark over the server's entry). */
  readonly shownCode: string | null;
  readonly isPending: boolean;
  /** A leader has marked this pupil for the session (here, or on another device). */
  readonly marked: boolean;
  readonly refusal: string | null;
}

const sessionOfTrip = (s: LeadingTrip['sessions'][number]): SessionRef => ({
  date: localDate(s.date),
  part: s.part,
});

async function loadSession(db: AppDb, trip: LeadingTrip, session: SessionRef) {
  const key = sessionKey(session);
  const exceptions = (await getMeta(db, 'tripExceptions'))?.[trip.id] ?? {};
  const rows = await Promise.all(
    trip.pupils.map(async (pupil) => ({
      pupilId: pupil.id,
      entry: await db.entries.get([pupil.id, key]),
      marks: await db.outbox.where('[pupilId+sessionKey]').equals([pupil.id, key]).toArray(),
    })),
  );
  return { exceptions, rows };
}

export function TripLeaderView(props: TripLeaderViewProps) {
  const { db, trip, school, staff, clock } = props;
  const sessions = useMemo(() => trip.sessions.map(sessionOfTrip), [trip]);
  const [index, setIndex] = useState(() =>
    currentSessionIndex(
      trip,
      (s) =>
        schoolInstant(localDate(s.date), school.sessions[s.part].start, school.timeZone).getTime(),
      clock.now(),
    ),
  );
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // The pupil whose exception buttons are open (one at a time keeps the list short).
  const [changing, setChanging] = useState<string | null>(null);
  const session = sessions[index] ?? sessions[0];
  const key = session === undefined ? '' : sessionKey(session);
  const data = useLiveQuery(
    () => (session === undefined ? Promise.resolve(null) : loadSession(db, trip, session)),
    [db, trip.id, key],
  );

  const pupils: PupilRow[] = useMemo(() => {
    if (data === undefined || data === null) return [];
    return trip.pupils.map((pupil) => {
      const found = data.rows.find((r) => r.pupilId === pupil.id);
      const shown = overlayEntry(found?.entry, found?.marks ?? []);
      const expected = expectedMark(trip, data.exceptions[pupil.id] ?? [], index);
      const byLeaderHere = (found?.marks ?? []).some(
        (m) => m.tripId === trip.id && m.status !== 'rejected',
      );
      const byLeaderElsewhere =
        found?.entry?.headRole === 'teacher' && found.entry.code === expected.code;
      return {
        id: pupil.id,
        displayName: pupil.displayName,
        groupName: pupil.groupName,
        expected,
        shownCode: shown.code,
        isPending: shown.isPending,
        marked: byLeaderHere || byLeaderElsewhere,
        refusal: shown.notice?.status === 'rejected' ? shown.notice.reason : null,
      };
    });
  }, [data, trip, index]);

  if (session === undefined) {
    return <p className="notice">This trip has no sessions.</p>;
  }
  const withGroup = pupils.filter((p) => p.expected.withGroup).length;
  // A class name on every line says nothing when the whole trip is one class.
  const manyGroups = new Set(pupils.map((p) => p.groupName)).size > 1;
  const toConfirm = pupils.filter((p) => !p.marked);
  const env: ActionEnv = {
    clock,
    newEventId: props.newEventId ?? defaultActionEnv.newEventId,
  };
  const groupOf = (pupilId: string) => {
    const groupId = trip.pupils.find((p) => p.id === pupilId)?.groupId;
    const group = props.groups.find((g) => g.id === groupId);
    return group === undefined ? null : groupRefOf(group);
  };

  async function mark(pupil: PupilRow, expected: ExpectedMark): Promise<string | null> {
    if (session === undefined) return 'No session chosen.';
    const result = await recordTripMark(
      db,
      {
        tripId: trip.id,
        tripCode: trip.code,
        pupilId: pupil.id,
        session,
        code: expected.code,
        // Changing another code (the office's `M`, say) is an amendment: it needs a reason.
        reason:
          expected.reason ??
          (pupil.shownCode !== null && pupil.shownCode !== expected.code
            ? `With the group on the trip “${trip.name}” (${sessionWords(session)}).`
            : null),
        actor: { staffId: staff.staffId, name: staff.name, role: staff.role },
        school,
        group: groupOf(pupil.id),
        serverEntry: trip.entries.find(
          (e) =>
            e.pupilId === pupil.id &&
            e.session.date === session.date &&
            e.session.part === session.part,
        ),
      },
      env,
    );
    return result.ok ? null : `${pupil.displayName}: ${result.errors.join('; ')}`;
  }

  async function confirmEveryone(): Promise<void> {
    setBusy(true);
    const problems: string[] = [];
    for (const pupil of toConfirm) {
      const problem = await mark(pupil, pupil.expected);
      if (problem !== null) problems.push(problem);
    }
    setBusy(false);
    props.requestSync?.();
    setMessage(
      problems.length === 0
        ? { kind: 'ok', text: `${toConfirm.length} marks saved on this device.` }
        : { kind: 'error', text: problems.join(' ') },
    );
  }

  async function tick(pupil: PupilRow): Promise<void> {
    setBusy(true);
    const problem = await mark(pupil, pupil.expected);
    setBusy(false);
    props.requestSync?.();
    setMessage(
      problem === null
        ? { kind: 'ok', text: `${pupil.displayName}: ${pupil.expected.code} saved.` }
        : { kind: 'error', text: problem },
    );
  }

  async function recordException(pupil: PupilRow, kind: TripExceptionKind): Promise<void> {
    if (session === undefined) return;
    setBusy(true);
    const exception: TripException = {
      kind,
      session,
      at: new Date(clock.now()).toISOString(),
      by: staff.staffId,
    };
    const next = await recordTripException(db, trip.id, pupil.id, exception);
    const expected = expectedMark(trip, next, index);
    const problem =
      !pupil.marked || pupil.shownCode !== expected.code ? await mark(pupil, expected) : null;
    setBusy(false);
    props.requestSync?.();
    setChanging(null);
    setMessage(
      problem === null
        ? {
            kind: 'ok',
            text: `${pupil.displayName}: ${EXCEPTION_LABELS[kind].toLowerCase()}, saved.`,
          }
        : { kind: 'error', text: problem },
    );
  }

  return (
    <section className="trip-leader" aria-labelledby={`trip-${trip.id}`}>
      <h2 id={`trip-${trip.id}`}>{trip.name}</h2>
      <p className="lede">
        {trip.code}: {TRIP_CODE_MEANINGS[trip.code]}. {formatSession(sessionOfTrip(trip.from))} to{' '}
        {formatSession(sessionOfTrip(trip.to))}. Leaders:{' '}
        {trip.leaders.map((l) => l.name).join(', ')}.
      </p>
      <div className="field">
        <label className="field-label" htmlFor={`trip-session-${trip.id}`}>
          Session
        </label>
        <select
          id={`trip-session-${trip.id}`}
          value={index}
          onChange={(e) => {
            setIndex(Number(e.target.value));
            setMessage(null);
          }}
        >
          {sessions.map((s, i) => (
            <option key={sessionKey(s)} value={i}>
              {formatSession(s)}
            </option>
          ))}
        </select>
      </div>
      {message !== null && (
        <p
          className={`notice ${message.kind === 'error' ? 'notice--error' : ''}`}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      )}
      <ul className="trip-pupils" aria-label={`Pupils on ${trip.name}`}>
        {pupils.map((pupil) => (
          <li
            key={pupil.id}
            className={`trip-pupil ${pupil.expected.withGroup ? '' : 'trip-pupil--away'}`}
            data-pupil-id={pupil.id}
          >
            <button
              type="button"
              className="trip-pupil__tick"
              disabled={busy || pupil.marked}
              aria-pressed={pupil.marked}
              aria-label={
                pupil.marked
                  ? `${pupil.displayName}: marked ${pupil.shownCode ?? ''}`
                  : `Mark ${pupil.displayName}: ${pupil.expected.code}`
              }
              onClick={() => void tick(pupil)}
            >
              <span aria-hidden="true">{pupil.marked ? '✓' : ''}</span>
            </button>
            <span className="trip-pupil__who">
              <span className="trip-pupil__name">{pupil.displayName}</span>
              <span className="trip-pupil__meta">
                {manyGroups && <span className="trip-pupil__group">{pupil.groupName} · </span>}
                <span className="trip-pupil__code" aria-label={`Code ${pupil.shownCode ?? 'none'}`}>
                  {pupil.shownCode ?? '–'}
                </span>{' '}
                · <span className="trip-pupil__status">{statusText(pupil)}</span>
              </span>
            </span>
            <button
              type="button"
              className="button trip-pupil__more"
              aria-expanded={changing === pupil.id}
              aria-label={`Changes for ${pupil.displayName}`}
              onClick={() => setChanging((c) => (c === pupil.id ? null : pupil.id))}
            >
              Changes
            </button>
            {changing === pupil.id && (
              <div
                className="trip-pupil__actions"
                role="group"
                aria-label={`Changes for ${pupil.displayName}`}
              >
                {exceptionChoices(pupil.expected).map((kind) => (
                  <button
                    key={kind}
                    type="button"
                    className="button"
                    disabled={busy}
                    aria-label={`${EXCEPTION_LABELS[kind]}: ${pupil.displayName}`}
                    onClick={() => void recordException(pupil, kind)}
                  >
                    {EXCEPTION_LABELS[kind]}
                  </button>
                ))}
              </div>
            )}
          </li>
        ))}
      </ul>
      <div className="trip-bar">
        <p className="trip-headcount" aria-live="polite">
          {data === undefined ? (
            'Counting…'
          ) : (
            <>
              <strong className="trip-headcount__number">{withGroup}</strong> of{' '}
              {trip.pupils.length} with the group now
            </>
          )}
        </p>
        <button
          type="button"
          className="button button--primary"
          disabled={busy || toConfirm.length === 0 || data === undefined}
          onClick={() => void confirmEveryone()}
        >
          {toConfirm.length === 0
            ? 'Everyone is marked for this session'
            : `Confirm everyone (${toConfirm.length} to mark)`}
        </button>
      </div>
    </section>
  );
}

function statusText(pupil: PupilRow): string {
  if (pupil.refusal !== null) return `Refused: ${pupil.refusal}`;
  const away =
    pupil.expected.because === null || pupil.expected.because === 'joined_late'
      ? ''
      : `${EXCEPTION_LABELS[pupil.expected.because]}. `;
  if (!pupil.marked) return `${away}Not marked yet`;
  return `${away}${pupil.isPending ? 'Not sent yet' : 'Sent'}`;
}
