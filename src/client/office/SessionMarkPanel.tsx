/**
 * Recording or changing the mark of one session of the open pupil, whatever the server's list
 * shows yet: the office takes a parent's call about a child the teacher's tablet (still offline)
 * has marked absent. The current mark is this device's copy; the reason is required.
 */
import { useState } from 'react';
import { currentSession, type SessionRef } from '../../domain/index';
import { formatSession } from '../ui/format';
import { useLiveQuery } from '../ui/useLiveQuery';
import { groupRefOf } from '../marks/roster';
import { AmendForm } from './AmendForm';
import { entryNow } from './entryNow';
import { schoolToday } from './officeFormat';
import type { OfficeTabProps } from './officeTabProps';
import { SessionPicker } from './SessionPicker';

export interface SessionMarkPanelProps extends OfficeTabProps {
  readonly pupil: { readonly id: string; readonly displayName: string; readonly groupId: string };
  /** After a save: what was saved, and how to undo it (answers the line to show after). */
  readonly onSaved: (message: string, undo: () => Promise<string>) => void;
}

export function SessionMarkPanel(props: SessionMarkPanelProps) {
  const { db, roster, school, clock, pupil } = props;
  const groupRow = roster.groups.find((g) => g.id === pupil.groupId);
  const group = groupRow === undefined ? null : groupRefOf(groupRow);
  const [session, setSession] = useState<SessionRef>(
    () =>
      currentSession(school, group, clock.now()) ?? {
        date: schoolToday(clock.now(), school.timeZone),
        part: 'AM',
      },
  );
  const [formKey, setFormKey] = useState(0);
  const current = useLiveQuery(
    () => entryNow(db, pupil.id, session),
    [db, pupil.id, session.date, session.part],
  );
  return (
    <div className="office-card session-mark">
      <SessionPicker session={session} onChange={setSession} />
      {current === undefined ? (
        <p className="notice">Reading this device’s register…</p>
      ) : (
        <AmendForm
          key={`${session.date}:${session.part}:${formKey}`}
          {...props}
          pupilId={pupil.id}
          pupilName={pupil.displayName}
          session={session}
          current={{
            code: current.code,
            minutesLate: current.minutesLate,
            headRole: current.headRole,
          }}
          serverHead={null}
          saveLabel="Save mark"
          onSaved={({ code, reason, undo }) => {
            setFormKey((k) => k + 1);
            props.onSaved(
              `${pupil.displayName}, ${formatSession(session)}: ${code} saved on this device (“${reason}”). It appears in the history once it reaches the office server.`,
              undo,
            );
          }}
          onCancel={() => setFormKey((k) => k + 1)}
        />
      )}
    </div>
  );
}
