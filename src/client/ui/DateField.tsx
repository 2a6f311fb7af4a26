/**
 * A date box that shows and accepts dd/mm/yyyy whatever the browser's locale (see dateText.ts),
 * in place of `<input type="date">`. It talks to its screen as a native date input does: the
 * value is `yyyy-MM-dd`, or '' while the box is empty or does not hold a real date, so a screen
 * swaps one for the other without changing its state. Text that is not a date is kept as typed
 * and, once the person leaves the box, named as wrong with the form it expects
 * (FormattedField.tsx).
 */
import { DATE_FORMAT_PROBLEM, parseDateText } from './dateText';
import { formatDateNumeric } from './format';
import { parseLocalDate } from '../../domain/index';
import { FormattedField, type FieldFormat, type FormattedFieldProps } from './FormattedField';

export type DateFieldProps = FormattedFieldProps;

const DATE_FORMAT: FieldFormat = {
  parse: parseDateText,
  show: (value) => {
    const date = parseLocalDate(value);
    return date === null ? '' : formatDateNumeric(date);
  },
  placeholder: 'dd/mm/yyyy',
  problem: DATE_FORMAT_PROBLEM,
  problemClass: 'date-field__problem',
};

export function DateField(props: DateFieldProps) {
  return <FormattedField {...props} format={DATE_FORMAT} />;
}
