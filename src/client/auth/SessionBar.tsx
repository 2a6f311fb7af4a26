/**
 * Who is using the tablet, the Lock button (switching teacher is lock → unlock as another), and
 * how many idle minutes lock it. It shares one row with the sections, so the register keeps the
 * screen: the name opens the rest (role, school, switching school, the idle lock) on demand.
 */
import { useId, type ReactNode } from 'react';
import { IDLE_LOCK_CHOICES, type StaffProfile } from './deviceAuth';

const ROLE_TITLES: Readonly<Record<StaffProfile['role'], string>> = {
  teacher: 'Teacher',
  office: 'Office',
  attendance_lead: 'Attendance lead',
  admin: 'Admin',
  governor: 'Governor',
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
      <details className="session-bar__menu">
        <summary className="session-bar__who">
          <span className="session-bar__name">{staff.name}</span>
          <span className="visually-hidden">: role, school and lock settings</span>
        </summary>
        <div className="session-bar__panel">
          <p className="session-bar__role">
            {ROLE_TITLES[staff.role]}, {staff.schoolName}
          </p>
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
        </div>
      </details>
      <button type="button" className="button button--lock" onClick={onLock}>
        Lock
      </button>
    </div>
  );
}
