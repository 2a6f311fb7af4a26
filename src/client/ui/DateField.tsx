/**
 * A date box that shows and accepts dd/mm/yyyy whatever the browser's locale (see dateText.ts),
 * in place of `<input type="date">`. It talks to its screen as a native date input does: the
 * value is `yyyy-MM-dd`, or '' while the box is empty or does not hold a real date, so a screen
 * swaps one for the other without changing its state. Text that is not a date is kept as typed
 * and, once the person leaves the box, named as wrong with the form it expects.
 */
import { useId, useState, type InputHTMLAttributes } from 'react';
import { DATE_FORMAT_PROBLEM, parseDateText } from './dateText';
import { formatDateNumeric } from './format';
import { parseLocalDate } from '../../domain/index';

export interface DateFieldProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'type' | 'value' | 'onChange' | 'min'
> {
  readonly id: string;
  /** `yyyy-MM-dd`, or '' for no date. */
  readonly value: string;
  readonly onChange: (value: string) => void;
}

const shown = (value: string): string => {
  const date = parseLocalDate(value);
  return date === null ? '' : formatDateNumeric(date);
};

export function DateField(props: DateFieldProps) {
  const { id, value, onChange, onBlur, ...rest } = props;
  const problemId = useId();
  const [text, setText] = useState(() => shown(value));
  const [seenValue, setSeenValue] = useState(value);
  const [isLeft, setIsLeft] = useState(false);

  // The screen set a new date (a preset, a reset): show it, unless it is what the text means.
  if (value !== seenValue) {
    setSeenValue(value);
    if ((parseDateText(text) ?? '') !== value) setText(shown(value));
  }

  const isWrong = text.trim() !== '' && parseDateText(text) === null;
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
        placeholder="dd/mm/yyyy"
        value={text}
        aria-invalid={showProblem ? true : rest['aria-invalid']}
        aria-describedby={describedBy === '' ? undefined : describedBy}
        onChange={(event) => {
          const typed = event.target.value;
          setText(typed);
          setIsLeft(false);
          const date = parseDateText(typed) ?? '';
          setSeenValue(date);
          if (date !== value) onChange(date);
        }}
        onBlur={(event) => {
          setIsLeft(true);
          onBlur?.(event);
        }}
      />
      {showProblem && (
        <span id={problemId} className="form-error date-field__problem" role="alert">
          {DATE_FORMAT_PROBLEM}
        </span>
      )}
    </>
  );
}
