/**
 * The controls the "did it work?" and celebration screens share: a period of days (first and
 * last, the last not before the first) and how many school weeks to look either side.
 */
import { DateField } from '../../ui/DateField';

export const WEEK_CHOICES = [2, 4, 6, 8, 12] as const;

/** 1 September of the school year holding `today`. */
export function schoolYearStartOf(today: string): string {
  const year = Number(today.slice(0, 4));
  return `${Number(today.slice(5, 7)) >= 9 ? year : year - 1}-09-01`;
}

/** Whether both days are given and in order: only then is there something to ask for. */
export const periodReady = (from: string, to: string): boolean =>
  from !== '' && to !== '' && from <= to;

export interface PeriodFieldsProps {
  readonly id: string;
  readonly fromLabel: string;
  readonly toLabel: string;
  readonly from: string;
  readonly to: string;
  readonly onFrom: (value: string) => void;
  readonly onTo: (value: string) => void;
}

export function PeriodFields(props: PeriodFieldsProps) {
  const { id, from, to } = props;
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-from`} className="field-label">
          {props.fromLabel}
        </label>
        <DateField id={`${id}-from`} value={from} onChange={props.onFrom} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`} className="field-label">
          {props.toLabel}
        </label>
        <DateField id={`${id}-to`} value={to} onChange={props.onTo} />
      </div>
    </>
  );
}

/** Said under the controls while the last day is before the first. */
export function PeriodProblem(props: { from: string; to: string }) {
  if (props.from === '' || props.to === '' || props.from <= props.to) return null;
  return (
    <p className="form-error" role="alert">
      The last day is before the first. Choose a last day on or after the first.
    </p>
  );
}

export function WeeksSelect(props: {
  label: string;
  value: number;
  onChange: (weeks: number) => void;
}) {
  return (
    <label className="field impact__weeks">
      <span className="field-label">{props.label}</span>
      <select value={props.value} onChange={(e) => props.onChange(Number(e.target.value))}>
        {WEEK_CHOICES.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}
