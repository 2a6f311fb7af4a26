/**
 * "Switch school" in the session bar, for someone with roles at more than one school of the
 * trust. It asks the server which schools those are (online only: offline, or with one school,
 * it shows nothing).
 *
 * Design (details in switchSchool.ts): the tablet holds ONE school's roster, entries and outbox.
 * Switching is refused, with a plain message, while any mark (or fire-drill record) for the
 * current school is still queued, because re-enrolling would send it to the new school. When
 * nothing is queued, the session moves on the server and, in one transaction, the tablet takes
 * its new device id and clears its pulled copy, as a first sign-in at the new school would; the
 * other people's PINs on this tablet are removed (they were for the old school). The register
 * is then downloaded afresh by the next sync.
 */
import { useEffect, useId, useState } from 'react';
import { listSchools } from '../../shared/api/endpoints/dataEndpoints';
import { type SchoolChoice } from '../../shared/api/dataSchemas';
import type { StaffProfile } from '../auth/deviceAuth';
import { call, type FetchLike } from '../api/call';
import { Modal } from '../ui/Modal';
import type { AppDb } from '../db/appDb';
import { useLiveQuery } from '../ui/useLiveQuery';
import type { SyncLock } from '../sync/syncLock';
import { queuedForSchool, queuedMessage, switchSchool } from './switchSchool';

export interface SchoolSwitcherProps {
  readonly db: AppDb;
  readonly staff: StaffProfile;
  readonly fetch?: FetchLike;
  /** After a switch: the person as they now are (new school and role). */
  readonly onSwitched: (staff: StaffProfile) => void;
  readonly lock?: SyncLock;
}

export function SchoolSwitcher(props: SchoolSwitcherProps) {
  const { staff, fetch } = props;
  const [schools, setSchools] = useState<readonly SchoolChoice[]>([]);
  // The button that opened the dialog (focus goes back to it); null while closed.
  const [openedFrom, setOpenedFrom] = useState<HTMLElement | null>(null);

  useEffect(() => {
    let isCurrent = true;
    void call(
      listSchools,
      {},
      {
        staffId: staff.staffId,
        ...(fetch === undefined ? {} : { fetch }),
      },
    ).then((answer) => {
      // Offline or refused: no switcher (switching needs the server anyway).
      if (isCurrent) setSchools(answer.ok ? answer.value.schools : []);
    });
    return () => {
      isCurrent = false;
    };
  }, [staff.staffId, staff.schoolId, fetch]);

  if (schools.length < 2) return null;
  return (
    <>
      <button
        type="button"
        className="button"
        aria-haspopup="dialog"
        onClick={(event) => setOpenedFrom(event.currentTarget)}
      >
        Switch school
      </button>
      {openedFrom !== null && (
        <SwitchDialog
          {...props}
          schools={schools}
          returnFocusTo={openedFrom}
          onClose={() => setOpenedFrom(null)}
        />
      )}
    </>
  );
}

function SwitchDialog(
  props: SchoolSwitcherProps & {
    readonly schools: readonly SchoolChoice[];
    readonly returnFocusTo: HTMLElement | null;
    readonly onClose: () => void;
  },
) {
  const id = useId();
  const { db, staff } = props;
  const others = props.schools.filter((s) => s.id !== staff.schoolId);
  const [chosen, setChosen] = useState<string | null>(
    others.length === 1 ? (others[0]?.id ?? null) : null,
  );
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const queued = useLiveQuery(() => queuedForSchool(db), [db]);
  const blocked = queued === undefined ? null : queuedMessage(queued, staff.schoolName);
  const target = others.find((s) => s.id === chosen);

  const go = async () => {
    if (target === undefined) return;
    setBusy(true);
    setProblem(null);
    const outcome = await switchSchool({
      db,
      staff,
      schoolId: target.id,
      ...(props.fetch === undefined ? {} : { fetch: props.fetch }),
      ...(props.lock === undefined ? {} : { lock: props.lock }),
    });
    setBusy(false);
    if (!outcome.ok) {
      setProblem(outcome.message);
      return;
    }
    props.onClose();
    props.onSwitched(outcome.staff);
  };

  return (
    <Modal labelledBy={`${id}-title`} onClose={props.onClose} returnFocusTo={props.returnFocusTo}>
      <h2 id={`${id}-title`} tabIndex={-1}>
        Switch school
      </h2>
      <p>
        This tablet holds the registers of one school at a time. It is at{' '}
        <strong>{staff.schoolName}</strong> now.
      </p>
      <div role="group" aria-labelledby={`${id}-choose`} className="stack">
        <p id={`${id}-choose`} className="field-label">
          Move it to
        </p>
        {others.map((school) => (
          <button
            key={school.id}
            type="button"
            className="button button--choice"
            aria-pressed={school.id === chosen}
            onClick={() => setChosen(school.id)}
          >
            {school.name}
          </button>
        ))}
      </div>
      {blocked !== null ? (
        <p className="notice notice--error" role="alert">
          {blocked}
        </p>
      ) : (
        <p className="notice notice--warning">
          Switching removes {staff.schoolName}’s registers from this tablet and downloads{' '}
          {target?.name ?? 'the other school'}’s. Everyone else who uses this tablet will need to
          sign in online again.
        </p>
      )}
      {problem !== null && (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      )}
      <div className="stack">
        <button
          type="button"
          className="button button--primary button--wide"
          disabled={busy || blocked !== null || target === undefined}
          onClick={() => void go()}
        >
          {busy
            ? 'Switching…'
            : target === undefined
              ? 'Choose a school'
              : `Switch to ${target.name}`}
        </button>
        <button type="button" className="button button--wide" onClick={props.onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}
