/**
 * Who is using the tablet, the Lock button (switching teacher is lock → unlock as another), and
 * how many idle minutes lock it.
 */
import { useId } from 'react';
import { IDLE_LOCK_CHOICES, type StaffProfile } from '../auth/deviceAuth';

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
}

export function SessionBar({ staff, idleLockMinutes, onLock, onIdleLockMinutes }: SessionBarProps) {
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
