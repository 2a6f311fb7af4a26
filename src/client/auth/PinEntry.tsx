/**
 * A PIN box with an on-screen keypad: large keys for a finger at the classroom door, and a real
 * input underneath for a keyboard or a screen reader. Digits only; the value never shows.
 */
import { useId, type FormEvent, type RefObject } from 'react';
import { PIN_MAX_LENGTH } from './pinRules';

export interface PinEntryProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly onSubmit: () => void;
  readonly submitLabel: string;
  readonly isBusy?: boolean;
  readonly isDisabled?: boolean;
  /** Shown under the box and read out: a wrong PIN, a mismatch. */
  readonly error?: string | null;
  readonly inputRef?: RefObject<HTMLInputElement | null>;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

const digitsOnly = (text: string): string => text.replace(/\D/g, '').slice(0, PIN_MAX_LENGTH);

export function PinEntry({
  label,
  value,
  onChange,
  onSubmit,
  submitLabel,
  isBusy = false,
  isDisabled: isDisabledProp = false,
  error = null,
  inputRef,
}: PinEntryProps) {
  const isDisabled = isDisabledProp || isBusy;
  const inputId = useId();
  const errorId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!isDisabled) onSubmit();
  };
  const press = (digit: string) => onChange(digitsOnly(value + digit));

  return (
    <form className="pin-entry" onSubmit={submit} noValidate>
      <label htmlFor={inputId} className="field-label">
        {label}
      </label>
      <input
        id={inputId}
        ref={inputRef}
        className="pin-entry__input"
        type="password"
        inputMode="numeric"
        pattern="[0-9]*"
        autoComplete="off"
        maxLength={PIN_MAX_LENGTH}
        value={value}
        disabled={isDisabled}
        aria-invalid={error !== null}
        aria-describedby={error === null ? undefined : errorId}
        onChange={(event) => onChange(digitsOnly(event.target.value))}
      />
      {error !== null && (
        <p id={errorId} className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="pin-pad" aria-hidden="true">
        {KEYS.map((digit) => (
          <button
            key={digit}
            type="button"
            tabIndex={-1}
            className="pin-pad__key"
            disabled={isDisabled}
            onClick={() => press(digit)}
          >
            {digit}
          </button>
        ))}
        <button
          type="button"
          tabIndex={-1}
          className="pin-pad__key pin-pad__key--secondary"
          disabled={isDisabled || value === ''}
          onClick={() => onChange(value.slice(0, -1))}
        >
          ⌫
        </button>
        <button
          type="button"
          tabIndex={-1}
          className="pin-pad__key"
          disabled={isDisabled}
          onClick={() => press('0')}
        >
          0
        </button>
        <button
          type="button"
          tabIndex={-1}
          className="pin-pad__key pin-pad__key--secondary"
          disabled={isDisabled || value === ''}
          onClick={() => onChange('')}
        >
          Clear
        </button>
      </div>
      <button type="submit" className="button button--primary button--wide" disabled={isDisabled}>
        {isBusy ? 'Checking…' : submitLabel}
      </button>
    </form>
  );
}
