/**
 * One labelled input with its hint and its problem, the problem worded as "<label> <what to
 * fix>" ("URN must be the 6-digit …") and tied to the input for screen readers.
 */
import { useId } from 'react';

export interface TextFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error?: string | undefined;
  readonly hint?: string;
  readonly type?: 'text' | 'email' | 'password' | 'tel';
  readonly autoComplete?: string;
  readonly inputMode?: 'numeric' | 'text';
  readonly maxLength?: number;
}

export function TextField(props: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [
    props.hint === undefined ? null : hintId,
    props.error === undefined ? null : errorId,
  ]
    .filter((x) => x !== null)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {props.label}
      </label>
      {props.hint !== undefined && (
        <p id={hintId} className="hint">
          {props.hint}
        </p>
      )}
      <input
        id={id}
        type={props.type ?? 'text'}
        value={props.value}
        autoComplete={props.autoComplete ?? 'off'}
        {...(props.inputMode === undefined ? {} : { inputMode: props.inputMode })}
        {...(props.maxLength === undefined ? {} : { maxLength: props.maxLength })}
        spellCheck={false}
        aria-invalid={props.error !== undefined}
        aria-describedby={describedBy === '' ? undefined : describedBy}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.error !== undefined && (
        <p id={errorId} className="form-error">
          {props.label} {props.error}.
        </p>
      )}
    </div>
  );
}
