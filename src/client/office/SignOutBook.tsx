/**
 * The sign-out book, beside the late book: a pupil leaving during the day (an appointment, taken
 * home ill) is signed out with the time, the reason and who collected them, and signed back in on
 * return. The fire roll call leaves signed-out pupils off the on-site list. Sign-outs are office
 * records kept by the server (they are not register marks), so recording one needs a connection.
 */
import { useId, useState } from 'react';
import { parseWallTime, schoolInstant } from '../../domain/index';
import * as office from '../../shared/api/endpoints/officeEndpoints';
import { call } from '../api/call';
import { formatSchoolTime } from '../ui/format';
import { type SignOut } from '../../shared/api/officeSchemas';
import { ListStatus, failureText } from './ListStatus';
import { formatInstant, schoolToday } from './officeFormat';
import type { OfficeTabProps } from './officeTabProps';
import { PupilSearch } from './PupilSearch';
import type { FoundPupil } from './pupilSearch';
import { useOnlineList } from './useOnlineList';

export function SignOutBook(props: OfficeTabProps) {
  const { school, clock, staff } = props;
  const today = schoolToday(clock.now(), school.timeZone);
  const [chosen, setChosen] = useState<FoundPupil | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const { list, refresh } = useOnlineList({
    db: props.db,
    cacheKey: `signOuts:${today}`,
    endpoint: office.listSignOuts,
    input: { query: { date: today } },
    staffId: staff.staffId,
    ...(props.fetch === undefined ? {} : { fetch: props.fetch }),
    clock,
    timers: props.timers,
  });

  const markReturned = async (signOut: SignOut) => {
    const answer = await call(
      office.recordReturn,
      { params: { id: signOut.id }, body: { at: new Date(clock.now()).toISOString() } },
      {
        staffId: staff.staffId,
        ...(props.fetch === undefined ? {} : { fetch: props.fetch }),
      },
    );
    setMessage(
      answer.ok
        ? `${signOut.pupilName} is back on site.`
        : failureText(answer.error, 'signing a pupil back in'),
    );
    refresh();
  };

  return (
    <section aria-labelledby="sign-out-heading" className="office-tab sign-out-book">
      <h2 id="sign-out-heading">Signing out</h2>
      {message !== null && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
      {chosen === null ? (
        <PupilSearch
          roster={props.roster}
          date={today}
          onRollOnly
          label="Pupil leaving (type part of their name)"
          onChoose={(found) => {
            setMessage(null);
            setChosen(found);
          }}
        />
      ) : (
        <SignOutForm
          {...props}
          found={chosen}
          onDone={(text) => {
            setChosen(null);
            setMessage(text);
            refresh();
          }}
          onCancel={() => setChosen(null)}
        />
      )}
      <h3>Signed out today</h3>
      <ListStatus list={list} timeZone={school.timeZone} what="today’s sign-outs" onRetry={refresh}>
        {(value) =>
          value.signOuts.length === 0 ? (
            <p className="hint">Nobody has been signed out today.</p>
          ) : (
            <ul className="sign-out-list">
              {value.signOuts.map((s) => (
                <li key={s.id}>
                  <strong>{s.pupilName}</strong> ({s.groupName ?? 'No class'}) left at{' '}
                  {formatInstant(s.at, school.timeZone, today)}: {s.reason}
                  {s.collectedBy !== null && `, collected by ${s.collectedBy}`}.{' '}
                  {s.returnedAt === null ? (
                    <button type="button" className="button" onClick={() => void markReturned(s)}>
                      Back on site
                    </button>
                  ) : (
                    `Back at ${formatInstant(s.returnedAt, school.timeZone, today)}.`
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </ListStatus>
    </section>
  );
}

function SignOutForm(
  props: OfficeTabProps & {
    readonly found: FoundPupil;
    readonly onDone: (message: string) => void;
    readonly onCancel: () => void;
  },
) {
  const { school, clock, staff, found } = props;
  const ids = { time: useId(), reason: useId(), collected: useId() };
  const [time, setTime] = useState(() => formatSchoolTime(clock.now(), school.timeZone));
  const [reason, setReason] = useState('');
  const [collectedBy, setCollectedBy] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const save = async () => {
    const minutes = parseWallTime(time);
    if (minutes === null) {
      setProblem('Enter the time the pupil left as HH:MM, e.g. 10:30.');
      return;
    }
    if (reason.trim() === '') {
      setProblem('Give the reason the pupil is leaving (e.g. dentist appointment).');
      return;
    }
    setIsBusy(true);
    const today = schoolToday(clock.now(), school.timeZone);
    const answer = await call(
      office.recordSignOut,
      {
        body: {
          id: crypto.randomUUID(),
          pupilId: found.pupil.id,
          at: schoolInstant(today, minutes, school.timeZone).toISOString(),
          reason: reason.trim(),
          collectedBy: collectedBy.trim() === '' ? null : collectedBy.trim(),
        },
      },
      { staffId: staff.staffId, ...(props.fetch === undefined ? {} : { fetch: props.fetch }) },
    );
    setIsBusy(false);
    if (!answer.ok) {
      setProblem(failureText(answer.error, 'signing a pupil out'));
      return;
    }
    props.onDone(`${found.pupil.displayName} signed out at ${time}.`);
  };

  return (
    <form
      className="office-card"
      aria-label={`Sign out ${found.pupil.displayName}`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h3>
        {found.pupil.displayName} <span className="hint">· {found.groupName}</span>
      </h3>
      <div className="field">
        <label htmlFor={ids.time} className="field-label">
          Time leaving
        </label>
        <input id={ids.time} type="time" value={time} onChange={(e) => setTime(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={ids.reason} className="field-label">
          Reason
        </label>
        <input
          id={ids.reason}
          type="text"
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.collected} className="field-label">
          Collected by <span className="optional">(optional)</span>
        </label>
        <input
          id={ids.collected}
          type="text"
          maxLength={200}
          value={collectedBy}
          onChange={(e) => setCollectedBy(e.target.value)}
        />
      </div>
      {problem !== null && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <div className="office-actions">
        <button type="submit" className="button button--primary" disabled={isBusy}>
          Sign out
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
