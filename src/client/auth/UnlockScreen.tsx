/**
 * The lock screen (docs/design.md §3.3): everyone who has signed in on this tablet is listed; each
 * unlocks with their own PIN. Switching teacher is lock → unlock as another. Five wrong PINs
 * switch that person's offline unlock off until they sign in online, and the screen says so.
 */
import { useEffect, useRef, useState } from 'react';
import type { StaffProfile } from './deviceAuth';
import type { UnlockResult } from './pinLock';
import { MAX_PIN_ATTEMPTS } from './pinAttempts';
import type { LockNotice } from './lockStore';
import { PinEntry } from './PinEntry';

export interface UnlockScreenProps {
  /**
   * Checks the PIN and counts the attempt (pinLock.ts `unlockWithPin`, loaded with Dexie after
   * this screen: the first load has neither).
   */
  readonly unlock: (staffId: string, pin: string) => Promise<UnlockResult>;
  readonly staff: readonly StaffProfile[];
  readonly idleLockMinutes: number;
  readonly notice: LockNotice;
  readonly preferredStaffId: string | null;
  readonly onUnlocked: (profile: StaffProfile) => void;
  /** Sign in online: someone new, or someone locked out (their email filled in). */
  readonly onSignIn: (email?: string) => void;
}

const LOCKED_OUT_TEXT = `Too many wrong PINs (${MAX_PIN_ATTEMPTS}) were tried. Sign in online with your email and password to unlock this tablet again.`;

export function UnlockScreen(props: UnlockScreenProps) {
  const { unlock, staff, notice, onUnlocked, onSignIn } = props;
  const initial =
    staff.find((s) => s.staffId === props.preferredStaffId) ??
    (staff.length === 1 ? staff[0] : null);
  const [chosenId, setChosenId] = useState<string | null>(initial?.staffId ?? null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const chosen = staff.find((s) => s.staffId === chosenId) ?? null;

  useEffect(() => {
    if (chosen !== null && !chosen.isLockedOut) inputRef.current?.focus();
  }, [chosen]);

  const choose = (profile: StaffProfile) => {
    setChosenId(profile.staffId);
    setPin('');
    setError(null);
  };

  const submit = async () => {
    if (chosen === null) return;
    if (pin === '') {
      setError('Enter your PIN.');
      return;
    }
    setIsBusy(true);
    let result: UnlockResult;
    try {
      result = await unlock(chosen.staffId, pin);
    } catch {
      // The rest of the app could not load or open the database (a broken update, storage
      // refused): nothing was counted, so the same PIN may be tried again.
      setIsBusy(false);
      setError('Tickmark could not open its data on this tablet. Try again.');
      return;
    }
    setIsBusy(false);
    setPin('');
    if (result.ok) {
      onUnlocked(result.staff);
      return;
    }
    switch (result.reason) {
      case 'wrong_pin':
        setError(
          `That PIN is not right. ${result.attemptsLeft} ${result.attemptsLeft === 1 ? 'try' : 'tries'} left before you must sign in online.`,
        );
        break;
      case 'locked_out':
        setError(null);
        break;
      case 'unknown_staff':
        setError('This person is no longer set up on this tablet. Sign in online.');
        break;
    }
  };

  return (
    <section className="screen screen--narrow" aria-labelledby="unlock-heading">
      <h1 id="unlock-heading">Tickmark is locked</h1>
      {notice === 'idle' && (
        <p className="notice" role="status">
          Locked after {props.idleLockMinutes} minute{props.idleLockMinutes === 1 ? '' : 's'}{' '}
          without use, so pupils cannot change the register.
        </p>
      )}
      <fieldset className="staff-picker">
        <legend className="field-label">Who is unlocking?</legend>
        <ul className="staff-picker__list">
          {staff.map((profile) => (
            <li key={profile.staffId}>
              <button
                type="button"
                className="button button--choice"
                aria-pressed={profile.staffId === chosenId}
                onClick={() => choose(profile)}
              >
                <span className="button__title">{profile.name}</span>
                {profile.isLockedOut && (
                  <span className="button__detail">Needs an online sign-in</span>
                )}
              </button>
            </li>
          ))}
        </ul>
      </fieldset>
      {chosen !== null && chosen.isLockedOut && (
        <div className="notice notice--warning" role="alert">
          <p>{LOCKED_OUT_TEXT}</p>
          <button
            type="button"
            className="button button--primary button--wide"
            onClick={() => onSignIn(chosen.email)}
          >
            Sign in online as {chosen.name}
          </button>
        </div>
      )}
      {chosen !== null && !chosen.isLockedOut && (
        <PinEntry
          key={chosen.staffId}
          label={`PIN for ${chosen.name}`}
          value={pin}
          onChange={(next) => {
            setPin(next);
            setError(null);
          }}
          onSubmit={() => void submit()}
          submitLabel="Unlock"
          isBusy={isBusy}
          error={error}
          inputRef={inputRef}
        />
      )}
      <button type="button" className="button button--wide" onClick={() => onSignIn()}>
        Someone else? Sign in online
      </button>
    </section>
  );
}
