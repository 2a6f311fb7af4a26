/** Choose a report's dates: this term, this school year, or a custom range (both days included). */
import { useId } from 'react';
import type { ReportPeriod } from '../../shared/api/reportSchemas';
import { rangeQueryOf, type RangeChoice } from './rangeQuery';
import { DateField } from '../ui/DateField';

const PERIODS: readonly { readonly value: ReportPeriod; readonly label: string }[] = [
  { value: 'term', label: 'This term' },
  { value: 'year', label: 'This school year' },
  { value: 'custom', label: 'Choose dates' },
];

export interface RangePickerProps {
  readonly value: RangeChoice;
  readonly onChange: (value: RangeChoice) => void;
}

export function RangePicker({ value, onChange }: RangePickerProps) {
  const id = useId();
  const checked = rangeQueryOf(value);
  const error = value.period === 'custom' && !checked.ok ? checked.message : null;
  return (
    <fieldset className="report-field report-range">
      <legend className="field-label">Dates</legend>
      <div className="report-range__choices">
        {PERIODS.map((period) => (
          <label key={period.value} className="report-choice">
            <input
              type="radio"
              name={`${id}-period`}
              value={period.value}
              checked={value.period === period.value}
              onChange={() => onChange({ ...value, period: period.value })}
            />
            {period.label}
          </label>
        ))}
      </div>
      {value.period === 'custom' && (
        <div className="report-range__custom">
          <label className="field" htmlFor={`${id}-from`}>
            <span className="field-label">First day</span>
            <DateField
              id={`${id}-from`}
              value={value.fromText}
              aria-invalid={error !== null && value.fromText === '' ? true : undefined}
              onChange={(fromText) => onChange({ ...value, fromText })}
            />
          </label>
          <label className="field" htmlFor={`${id}-to`}>
            <span className="field-label">Last day</span>
            <DateField
              id={`${id}-to`}
              value={value.toText}
              aria-invalid={error !== null && value.toText !== '' ? true : undefined}
              onChange={(toText) => onChange({ ...value, toText })}
            />
          </label>
          {error !== null && <p className="hint report-range__error">{error}</p>}
        </div>
      )}
    </fieldset>
  );
}
