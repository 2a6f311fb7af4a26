/**
 * A text box for a value typed in one fixed form whatever the browser's locale (a date as
 * dd/mm/yyyy, a time as hh:mm on the 24-hour clock), in place of a native date or time input,
 * which follows the browser's language ("08:45 AM" on an American browser). It talks to its screen
 * as a native input does: the value is the machine form (`yyyy-MM-dd`, `HH:mm`), or '' while the
 * box is empty or does not hold a real value, so a screen swaps one for the other without
 * changing its state. Text that does not parse is kept as typed and, once the person leaves the
 * box, named as wrong with the form it expects.
 */
import { useId, useState, type InputHTMLAttributes } from 'react';

export interface FormattedFieldProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'type' | 'value' | 'onChange' | 'min'
> {
  readonly id: string;
  /** The machine form, or '' for no value. */
  readonly value: string;
  readonly onChange: (value: string) => void;
}

export interface FieldFormat {
  /** The machine form of what was typed, or null when it is not a real value. */
  readonly parse: (text: string) => string | null;
  /** The text shown for a machine value ('' for none). */
  readonly show: (value: string) => string;
  readonly placeholder: string;
  /** What the box says when its text does not parse: the form it expects, with an example. */
  readonly problem: string;
  /** The class of that message, for its screen's styles. */
  readonly problemClass: string;
}

export function FormattedField(props: FormattedFieldProps & { readonly format: FieldFormat }) {
  const { id, value, onChange, onBlur, format, ...rest } = props;
  const problemId = useId();
  const [text, setText] = useState(() => format.show(value));
  const [seenValue, setSeenValue] = useState(value);
  const [isLeft, setIsLeft] = useState(false);

  // The screen set a new value (a preset, a reset): show it, unless it is what the text means.
  if (value !== seenValue) {
    setSeenValue(value);
    if ((format.parse(text) ?? '') !== value) setText(format.show(value));
  }

  const isWrong = text.trim() !== '' && format.parse(text) === null;
  const showProblem = isWrong && isLeft;
  const describedBy = [rest['aria-describedby'], showProblem ? problemId : undefined]
    .filter((part) => part !== undefined)
    .join(' ');

  return (
    <>
      <input
        {...rest}
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={format.placeholder}
        value={text}
        aria-invalid={showProblem ? true : rest['aria-invalid']}
        aria-describedby={describedBy === '' ? undefined : describedBy}
        onChange={(event) => {
          const typed = event.target.value;
          setText(typed);
          setIsLeft(false);
          const parsed = format.parse(typed) ?? '';
          setSeenValue(parsed);
          if (parsed !== value) onChange(parsed);
        }}
        onBlur={(event) => {
          setIsLeft(true);
          onBlur?.(event);
        }}
      />
      {showProblem && (
        <span id={problemId} className={`form-error ${format.problemClass}`} role="alert">
          {format.problem}
        </span>
      )}
    </>
  );
}
