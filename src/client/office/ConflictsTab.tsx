/**
 * The conflicts queue: events from tablets that disagreed with the entry (a `conflict`, a
 * `superseded` mark, or one applied over a mark its author never saw), each with both marks,
 * both authors and both times. The office keeps the current mark, takes the other (an amendment
 * through the outbox), or amends with a reason; then the decision is recorded on the server.
 * A mark taken or amended here is offered as Undo for a few seconds over the list (officeUndo.ts).
 */
import { useId, useState } from 'react';
import type { LocalDate } from '../../domain/index';
import * as office from '../../shared/api/endpoints/officeEndpoints';
import { call } from '../api/call';
import { deviceTitle } from '../ui/deviceName';
import { formatSession } from '../ui/format';
import {
  type ConflictItem,
  type ConflictMark,
  type ResolutionChoice,
} from '../../shared/api/officeSchemas';
import { AmendForm } from './AmendForm';
import { ListStatus, failureText } from './ListStatus';
import { codeLabel, formatInstant, roleTitle, wireSession } from './officeFormat';
import { actionEnvOf, issuesText, recordOfficeMark } from './officeMark';
import type { OfficeTabProps } from './officeTabProps';
import { useOnlineList } from './useOnlineList';
import { OfficeNotice, useOfficeNotice } from './OfficeNotice';
import { undoOfficeMarks, undoneText } from './officeUndo';

export function ConflictsTab(props: OfficeTabProps) {
  const { school, clock } = props;
  const { list, refresh } = useOnlineList({
    db: props.db,
    cacheKey: 'conflicts',
    endpoint: office.listConflicts,
    input: { query: {} },
    staffId: props.staff.staffId,
    ...(props.fetch === undefined ? {} : { fetch: props.fetch }),
    clock,
    timers: props.timers,
    refreshMs: 60_000,
  });
  // The card goes once decided: what was saved, with Undo, shows above the list.
  const notice = useOfficeNotice(props.timers);
  return (
    <section aria-labelledby="conflicts-heading" className="office-tab">
      <h2 id="conflicts-heading">Conflicts to review</h2>
      <OfficeNotice state={notice} />
      <ListStatus list={list} timeZone={school.timeZone} what="the conflicts" onRetry={refresh}>
        {(value) =>
          value.conflicts.length === 0 ? (
            <p className="notice">Nothing to review: no tablet’s mark disagrees with a register.</p>
          ) : (
            <ul className="conflict-list">
              {value.conflicts.map((item) => (
                <li key={item.eventId}>
                  <ConflictCard {...props} item={item} onResolved={refresh} onSaved={notice.show} />
                </li>
              ))}
            </ul>
          )
        }
      </ListStatus>
    </section>
  );
}

function MarkBox({
  title,
  mark,
  date,
  timeZone,
}: {
  readonly title: string;
  readonly mark: ConflictMark;
  readonly date: LocalDate;
  readonly timeZone: string;
}) {
  return (
    <div className="conflict-mark">
      <h4>{title}</h4>
      <p className="conflict-mark__code">
        {codeLabel(mark.code, date)}
        {mark.minutesLate !== null && `, ${mark.minutesLate} minutes late`}
      </p>
      <dl>
        <div>
          <dt>By</dt>
          <dd>
            {mark.by.name} ({roleTitle(mark.by.role)})
          </dd>
        </div>
        {mark.deviceId !== null && (
          <div>
            <dt>Device</dt>
            <dd>{deviceTitle({ id: mark.deviceId, name: mark.deviceName })}</dd>
          </div>
        )}
        <div>
          <dt>Marked</dt>
          <dd>{formatInstant(mark.recordedAt, timeZone)}</dd>
        </div>
        <div>
          <dt>Reached the office</dt>
          <dd>{formatInstant(mark.receivedAt, timeZone)}</dd>
        </div>
        {mark.reason !== null && (
          <div>
            <dt>Reason</dt>
            <dd>{mark.reason}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}

function ConflictCard(
  props: OfficeTabProps & {
    readonly item: ConflictItem;
    readonly onResolved: () => void;
    /** After a mark is saved: what, and how to undo it (answers the line to show after). */
    readonly onSaved: (message: string, undo: () => Promise<string>) => void;
  },
) {
  const { item, school, staff } = props;
  const headingId = useId();
  const noteId = useId();
  const [mode, setMode] = useState<'choose' | 'amend'>('choose');
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const session = wireSession(item.session);
  const date = session.date;
  // The mark that is not the entry's current code, if the two differ.
  const alternative = [item.mark, item.other].find(
    (m): m is ConflictMark => m !== null && m.code !== item.currentCode,
  );
  const current = [item.mark, item.other].find(
    (m): m is ConflictMark => m !== null && m.code === item.currentCode,
  );

  const resolve = async (choice: ResolutionChoice, text: string) => {
    const answer = await call(
      office.resolveConflict,
      { params: { eventId: item.eventId }, body: { choice, note: text } },
      {
        staffId: staff.staffId,
        ...(props.fetch === undefined ? {} : { fetch: props.fetch }),
      },
    );
    if (!answer.ok) {
      setMessage(failureText(answer.error, 'recording the decision'));
      return false;
    }
    props.onResolved();
    return true;
  };

  const keep = async () => {
    setIsBusy(true);
    await resolve('kept_current', note.trim() === '' ? `Kept ${item.currentCode}` : note.trim());
    setIsBusy(false);
  };

  const takeOther = async () => {
    if (alternative === undefined) return;
    const reason =
      note.trim() === ''
        ? `Took ${alternative.code} as marked by ${alternative.by.name}`
        : note.trim();
    setIsBusy(true);
    const result = await recordOfficeMark(
      props.db,
      {
        pupilId: item.pupilId,
        session,
        code: alternative.code,
        minutesLate: alternative.minutesLate,
        reason,
        actor: { staffId: staff.staffId, role: staff.role },
      },
      actionEnvOf(props),
      { eventId: item.headEventId, seq: null },
    );
    if (!result.ok) {
      setIsBusy(false);
      setMessage(issuesText(result.errors));
      return;
    }
    props.requestSync?.();
    const before = {
      code: item.currentCode,
      minutesLate: current?.minutesLate ?? null,
      arrivedAt: null,
    };
    const made = {
      eventId: result.value.eventId,
      code: alternative.code,
      minutesLate: alternative.minutesLate,
      arrivedAt: null,
    };
    // The mark is saved whatever the server says about the decision: offer its undo now.
    props.onSaved(
      `${item.pupilName}, ${formatSession(session)}: ${alternative.code} saved on this device (“${reason}”).`,
      async () =>
        (await undoOfficeMarks(props, [{ pupilId: item.pupilId, session, before, made }])) ??
        `${item.pupilName}, ${formatSession(session)}: ${alternative.code} undone (${undoneText(before)}), saved on this device.`,
    );
    await resolve('took_other', reason);
    setIsBusy(false);
  };

  return (
    <article className="office-card conflict-card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {item.pupilName}
        <span className="hint">
          {' '}
          · {item.groupName ?? 'No class'} · {formatSession(session)}
        </span>
      </h3>
      <p>
        The register says <strong>{codeLabel(item.currentCode, date)}</strong>.
        {item.detail !== null && <> {item.detail}</>}
      </p>
      <div className="conflict-marks">
        <MarkBox
          title={item.status === 'applied' ? 'Mark applied' : 'Mark from the tablet'}
          mark={item.mark}
          date={date}
          timeZone={school.timeZone}
        />
        {item.other !== null && (
          <MarkBox
            title={item.status === 'applied' ? 'Mark it replaced' : 'Current mark'}
            mark={item.other}
            date={date}
            timeZone={school.timeZone}
          />
        )}
      </div>
      {mode === 'choose' && (
        <>
          <div className="field">
            <label htmlFor={noteId} className="field-label">
              Note on the decision <span className="optional">(optional)</span>
            </label>
            <input
              id={noteId}
              type="text"
              maxLength={500}
              value={note}
              onChange={(event) => setNote(event.target.value)}
            />
          </div>
          <div className="office-actions">
            <button type="button" className="button" disabled={isBusy} onClick={() => void keep()}>
              Keep {item.currentCode}
              {current !== undefined && ` (${current.by.name})`}
            </button>
            {alternative !== undefined && (
              <button
                type="button"
                className="button"
                disabled={isBusy}
                onClick={() => void takeOther()}
              >
                Take {alternative.code} ({alternative.by.name})
              </button>
            )}
            <button type="button" className="button" onClick={() => setMode('amend')}>
              Amend…
            </button>
          </div>
        </>
      )}
      {mode === 'amend' && (
        <AmendForm
          {...props}
          pupilId={item.pupilId}
          pupilName={item.pupilName}
          session={session}
          current={{
            code: item.currentCode,
            minutesLate: current?.minutesLate ?? null,
            headRole: current?.by.role ?? null,
          }}
          serverHead={{ eventId: item.headEventId, seq: null }}
          onSaved={({ code, reason, undo }) => {
            setMode('choose');
            props.onSaved(
              `${item.pupilName}, ${formatSession(session)}: ${code} saved on this device (“${reason}”).`,
              undo,
            );
            void resolve('amended', reason);
          }}
          onCancel={() => setMode('choose')}
        />
      )}
      {message !== null && (
        <p className="form-error" role="alert">
          {message}
        </p>
      )}
    </article>
  );
}
