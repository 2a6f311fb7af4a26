/**
 * Who is using the tablet, the Lock button (switching teacher is lock → unlock as another), and
 * how many idle minutes lock it.
 */
import { useId, type ReactNode } from 'react';
import { IDLE_LOCK_CHOICES, type StaffProfile } from './deviceAuth';

const ROLE_TITLES: Readonly<Record<StaffProfile['role'], string>> = {
  teacher: 'Teacher',
  office: 'Office',
  attendance_lead: 'Attendance lead',
  admin: 'Admin',
};

export interface SessionBarProps {
  readonly staff: StaffProfile;
  readonly idleLockMinutes: number;
  readonly onLock: () => void;
  readonly onIdleLockMinutes: (minutes: number) => void;
  /** The school switcher, for staff with roles at more than one school (admin/SchoolSwitcher). */
  readonly schoolSwitcher?: ReactNode;
}

export function SessionBar({
  staff,
  idleLockMinutes,
  onLock,
  onIdleLockMinutes,
  schoolSwitcher,
}: SessionBarProps) {
  const selectId = useId();
  const choices = IDLE_LOCK_CHOICES.includes(idleLockMinutes)
    ? IDLE_LOCK_CHOICES
    : [...IDLE_LOCK_CHOICES, idleLockMinutes].sort((a, b) => a - b);
  return (
    <div className="session-bar">
      <p className="session-bar__who">
        <span className="session-bar__name">{staff.name}</span>{' '}
        <span className="session-bar__role">
          {ROLE_TITLES[staff.role]}, {staff.schoolName}
        </span>
      </p>
      <div className="session-bar__actions">
        {schoolSwitcher}
        <label htmlFor={selectId} className="session-bar__idle">
          Lock after
        </label>
        <select
          id={selectId}
          value={idleLockMinutes}
          onChange={(event) => onIdleLockMinutes(Number(event.target.value))}
        >
          {choices.map((m) => (
            <option key={m} value={m}>
              {m} minute{m === 1 ? '' : 's'} idle
            </option>
          ))}
        </select>
        <button type="button" className="button button--lock" onClick={onLock}>
          Lock
        </button>
      </div>
    </div>
  );
}
