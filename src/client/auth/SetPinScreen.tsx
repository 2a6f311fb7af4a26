/**
 * Choosing the PIN after an online sign-in (docs/design.md §3.3). Typed twice, so a slip of the
 * finger does not lock the person out later. Only a slow hash of it is kept on the tablet.
 */
import { useEffect, useRef, useState } from 'react';
import { keepPin, setPin, type SignedInStaff } from './pinLock';
import type { StaffProfile } from './deviceAuth';
import type { PinHashOptions } from './pinHash';
import { PIN_MAX_LENGTH, PIN_MIN_LENGTH, pinProblem } from './pinRules';
import type { Clock } from '../clock';
import type { AppDb } from '../db/appDb';
import { PinEntry } from './PinEntry';

export interface SetPinScreenProps {
  readonly db: AppDb;
  readonly staff: SignedInStaff;
  /** They already have a PIN on this tablet, and may keep it. */
  readonly hasPin: boolean;
  readonly clock: Clock;
  readonly hashOptions?: PinHashOptions;
  readonly onPinSet: (profile: StaffProfile) => void;
  readonly onCancel: () => void;
}

export function SetPinScreen(props: SetPinScreenProps) {
  const { db, staff, clock, onPinSet, onCancel } = props;
  const [first, setFirst] = useState<string | null>(null);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => inputRef.current?.focus(), [first]);

  const submit = async () => {
    if (first === null) {
      const problem = pinProblem(value);
      if (problem !== null) {
        setError(problem);
        return;
      }
      setFirst(value);
      setValue('');
      setError(null);
      return;
    }
    if (value !== first) {
      setFirst(null);
      setValue('');
      setError('The two PINs were different. Choose your PIN again.');
      return;
    }
    setIsBusy(true);
    const profile = await setPin(db, staff, value, {
      clock,
      ...(props.hashOptions === undefined ? {} : { hash: props.hashOptions }),
    });
    setIsBusy(false);
    onPinSet(profile);
  };

  const keep = async () => {
    setIsBusy(true);
    const profile = await keepPin(db, staff, { clock });
    setIsBusy(false);
    if (profile === null) setError('You have no PIN on this tablet yet. Choose one.');
    else onPinSet(profile);
  };

  return (
    <section className="screen screen--narrow" aria-labelledby="set-pin-heading">
      <h1 id="set-pin-heading">Choose your PIN, {staff.name}</h1>
      <p className="lede">
        You will unlock this tablet with it, with or without wifi. Use {PIN_MIN_LENGTH} to{' '}
        {PIN_MAX_LENGTH} digits that pupils will not guess. After 5 wrong tries you will need to
        sign in online again.
      </p>
      <PinEntry
        key={first === null ? 'first' : 'again'}
        label={first === null ? 'New PIN' : 'Type the same PIN again'}
        value={value}
        onChange={(next) => {
          setValue(next);
          setError(null);
        }}
        onSubmit={() => void submit()}
        submitLabel={first === null ? 'Next' : 'Save PIN'}
        isBusy={isBusy}
        error={error}
        inputRef={inputRef}
      />
      {props.hasPin && (
        <button
          type="button"
          className="button button--wide"
          disabled={isBusy}
          onClick={() => void keep()}
        >
          Keep my current PIN
        </button>
      )}
      <button type="button" className="button button--wide" onClick={onCancel} disabled={isBusy}>
        Cancel
      </button>
    </section>
  );
}
