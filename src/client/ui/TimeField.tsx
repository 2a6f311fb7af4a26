/**
 * A time box that shows and accepts hh:mm on the 24-hour clock whatever the browser's locale,
 * in place of `<input type="time">` (which shows "08:45 AM" on an American browser). Its value is
 * `HH:mm`, as a native time input's, or '' while the box is empty or does not hold a real time.
 */
import { FormattedField, type FieldFormat, type FormattedFieldProps } from './FormattedField';
import { parseTimeText, TIME_FORMAT_PROBLEM } from './timeText';

export type TimeFieldProps = FormattedFieldProps;

const TIME_FORMAT: FieldFormat = {
  parse: parseTimeText,
  show: (value) => parseTimeText(value) ?? '',
  placeholder: 'hh:mm',
  problem: TIME_FORMAT_PROBLEM,
  problemClass: 'time-field__problem',
};

export function TimeField(props: TimeFieldProps) {
  return <FormattedField {...props} format={TIME_FORMAT} />;
}
