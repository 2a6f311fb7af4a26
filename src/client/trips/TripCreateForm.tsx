/**
 * The office's trip form: name, leaders, pupils by group or one by one, the first and
 * last sessions (one session up to a multi-day residential) and the code (V by default; B, P, W
 * or K where it fits). Creating a trip needs the server: it enters the trip's code in advance
 * for every pupil and session in the same transaction.
 */
import { useMemo, useState, type FormEvent } from 'react';
import {
  toSchoolWallClock,
  TRIP_CODE_MEANINGS,
  TRIP_CODES,
  type TripCode,
} from '../../domain/index';
import { createTrip } from '../../shared/api/endpoints/tripEndpoints';
import { type CreateTripRequest, type CreateTripResponse } from '../../shared/api/tripSchemas';
import { call } from '../api/call';
import { useLiveQuery } from '../ui/useLiveQuery';
import { loadRoster, schoolConfigOf } from '../marks/roster';
import type { SectionProps } from '../ui/sectionProps';

type Part = 'AM' | 'PM';
const partOf = (value: string): Part => (value === 'PM' ? 'PM' : 'AM');

export function TripCreateForm(props: SectionProps & { readonly onCreated?: () => void }) {
  const { db, staff, clock } = props;
  const roster = useLiveQuery(() => loadRoster(db), [db]);
  const today = useMemo(() => {
    const parsed = roster ? schoolConfigOf(roster, clock.now()) : null;
    const zone = parsed?.ok ? parsed.value.timeZone : 'Europe/London';
    return toSchoolWallClock(clock.now(), zone).date;
  }, [roster, clock]);

  const [name, setName] = useState('');
  const [code, setCode] = useState<TripCode>('V');
  const [leaders, setLeaders] = useState<ReadonlySet<string>>(new Set());
  const [pupils, setPupils] = useState<ReadonlySet<string>>(new Set());
  const [groupId, setGroupId] = useState('');
  const [fromDate, setFromDate] = useState<string | null>(null);
  const [fromPart, setFromPart] = useState<Part>('AM');
  const [toDate, setToDate] = useState<string | null>(null);
  const [toPart, setToPart] = useState<Part>('PM');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<
    { ok: true; value: CreateTripResponse } | { ok: false; message: string } | null
  >(null);

  if (roster === undefined) return <p className="notice">Loading the school’s pupils…</p>;
  if (roster === null) {
    return (
      <p className="notice notice--warning">
        This device has not received the school’s pupils yet. Connect to sync, then try again.
      </p>
    );
  }
  const groupPupils = roster.pupils.filter((p) => p.groupId === groupId);
  const toggle = (set: ReadonlySet<string>, id: string, on: boolean): Set<string> => {
    const next = new Set(set);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  };

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const body: CreateTripRequest = {
      name,
      code,
      leaderIds: [...leaders],
      pupilIds: [...pupils],
      from: { date: fromDate ?? today, part: fromPart },
      to: { date: toDate ?? today, part: toPart },
    };
    setBusy(true);
    const answer = await call(
      createTrip,
      { body },
      {
        staffId: staff.staffId,
        ...(props.fetch === undefined ? {} : { fetch: props.fetch }),
      },
    );
    setBusy(false);
    if (answer.ok) {
      setOutcome({ ok: true, value: answer.value });
      setName('');
      setPupils(new Set());
      setLeaders(new Set());
      props.requestSync?.();
      props.onCreated?.();
    } else {
      const issues =
        answer.error.kind === 'refused' && answer.error.issues.length > 0
          ? ` ${answer.error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}.`
          : '';
      setOutcome({ ok: false, message: `${answer.error.message}${issues}` });
    }
  }

  return (
    <form
      className="trip-form"
      aria-labelledby="trip-form-heading"
      onSubmit={(e) => void submit(e)}
    >
      <h2 id="trip-form-heading">Create a trip</h2>
      <div className="field">
        <label className="field-label" htmlFor="trip-name">
          Name
        </label>
        <input
          id="trip-name"
          value={name}
          required
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <div className="field">
        <label className="field-label" htmlFor="trip-code">
          Code
        </label>
        <select
          id="trip-code"
          value={code}
          onChange={(e) => setCode(TRIP_CODES.find((c) => c === e.target.value) ?? 'V')}
        >
          {TRIP_CODES.map((c) => (
            <option key={c} value={c}>
              {c}: {TRIP_CODE_MEANINGS[c]}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="trip-form__dates">
        <legend>Dates and sessions</legend>
        <div className="field">
          <label className="field-label" htmlFor="trip-from-date">
            First day
          </label>
          <input
            id="trip-from-date"
            type="date"
            value={fromDate ?? today}
            onChange={(e) => setFromDate(e.target.value)}
          />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="trip-from-part">
            First session
          </label>
          <select
            id="trip-from-part"
            value={fromPart}
            onChange={(e) => setFromPart(partOf(e.target.value))}
          >
            <option value="AM">Morning</option>
            <option value="PM">Afternoon</option>
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor="trip-to-date">
            Last day
          </label>
          <input
            id="trip-to-date"
            type="date"
            value={toDate ?? today}
            onChange={(e) => setToDate(e.target.value)}
          />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="trip-to-part">
            Last session
          </label>
          <select
            id="trip-to-part"
            value={toPart}
            onChange={(e) => setToPart(partOf(e.target.value))}
          >
            <option value="AM">Morning</option>
            <option value="PM">Afternoon</option>
          </select>
        </div>
      </fieldset>
      <fieldset>
        <legend>Leaders ({leaders.size} chosen)</legend>
        <ul className="trip-form__checks">
          {roster.staff.map((s) => (
            <li key={s.id}>
              <label className="trip-form__check">
                <input
                  type="checkbox"
                  checked={leaders.has(s.id)}
                  onChange={(e) => setLeaders(toggle(leaders, s.id, e.target.checked))}
                />
                {s.name}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset>
        <legend>Pupils ({pupils.size} chosen)</legend>
        <div className="field">
          <label className="field-label" htmlFor="trip-group">
            Group
          </label>
          <select id="trip-group" value={groupId} onChange={(e) => setGroupId(e.target.value)}>
            <option value="">Choose a group…</option>
            {roster.groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </div>
        {groupId !== '' && (
          <>
            <div className="trip-form__group-actions">
              <button
                type="button"
                className="button"
                onClick={() => setPupils(new Set([...pupils, ...groupPupils.map((p) => p.id)]))}
              >
                Add the whole group
              </button>
              <button
                type="button"
                className="button"
                onClick={() => {
                  const ids = new Set(groupPupils.map((p) => p.id));
                  setPupils(new Set([...pupils].filter((id) => !ids.has(id))));
                }}
              >
                Remove the whole group
              </button>
            </div>
            <ul className="trip-form__checks" aria-label="Pupils in the group">
              {groupPupils.map((p) => (
                <li key={p.id}>
                  <label className="trip-form__check">
                    <input
                      type="checkbox"
                      checked={pupils.has(p.id)}
                      onChange={(e) => setPupils(toggle(pupils, p.id, e.target.checked))}
                    />
                    {p.displayName}
                  </label>
                </li>
              ))}
            </ul>
          </>
        )}
      </fieldset>
      <button type="submit" className="button button--primary button--wide" disabled={busy}>
        {busy ? 'Creating…' : 'Create trip'}
      </button>
      {outcome !== null &&
        (outcome.ok ? (
          <p className="notice" role="status">
            {createdText(outcome.value)}
          </p>
        ) : (
          <p className="notice notice--error" role="alert">
            The trip was not created. {outcome.message}
          </p>
        ))}
    </form>
  );
}

function createdText({ trip, preEntered }: CreateTripResponse): string {
  const parts = [
    `Trip “${trip.name}” created: ${trip.pupils.length} pupils, ${trip.sessions.length} sessions.`,
    `${preEntered.applied} register entries now show ${trip.code}.`,
  ];
  if (preEntered.unchanged > 0) parts.push(`${preEntered.unchanged} already did.`);
  if (preEntered.conflict > 0) {
    parts.push(
      `${preEntered.conflict} already held another office mark, which stands; they are flagged for review.`,
    );
  }
  if (preEntered.skipped > 0)
    parts.push(`${preEntered.skipped} sessions have no register for the pupil.`);
  return parts.join(' ');
}
