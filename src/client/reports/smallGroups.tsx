/**
 * A figure of a group too small to print or export (docs/design.md §5 "Pupil characteristics"):
 * the screen shows it to the lead; print shows "fewer than N pupils", and so does the table's CSV.
 */
import { useId } from 'react';
import { CHARACTERISTIC_KEYS, CHARACTERISTICS } from '../../domain/index';
import type { Column } from './DataTable';
import { csvPercent, formatCount, formatPercent } from './reportFormat';

export function suppressibleColumn<Row extends { readonly suppressed: boolean }>(
  header: string,
  minimum: number,
  figure: (row: Row) => string,
  csv: (row: Row) => string | number,
): Column<Row> {
  const hidden = `fewer than ${minimum} pupils`;
  return {
    header,
    isNumeric: true,
    value: (row) => (row.suppressed ? hidden : csv(row)),
    cell: (row) =>
      row.suppressed ? (
        <>
          <span className="no-print">{figure(row)}</span>
          <span className="print-only">{hidden}</span>
        </>
      ) : (
        figure(row)
      ),
  };
}

/** A characteristic's label inside a sentence: "Free school meals" → "free school meals", "SEN provision" kept. */
export const inSentence = (label: string): string =>
  /^[A-Z][A-Z]/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);

interface CohortRow {
  readonly suppressed: boolean;
  readonly cohort: {
    readonly pupils: number;
    readonly persistent: number;
    readonly severe: number;
    readonly persistentPercent: number | null;
    readonly severePercent: number | null;
  };
}

/** A group's pupils, and its persistent and severe absence, each suppressible. */
export function cohortColumns<Row extends CohortRow>(
  minimum: number,
): {
  pupils: Column<Row>;
  persistent: Column<Row>;
  severe: Column<Row>;
} {
  const rate = (n: number, pct: number | null) => `${formatCount(n)} (${formatPercent(pct)})`;
  return {
    pupils: suppressibleColumn<Row>(
      'Pupils',
      minimum,
      (row) => formatCount(row.cohort.pupils),
      (row) => row.cohort.pupils,
    ),
    persistent: suppressibleColumn<Row>(
      'Persistently absent',
      minimum,
      (row) => rate(row.cohort.persistent, row.cohort.persistentPercent),
      (row) => csvPercent(row.cohort.persistentPercent),
    ),
    severe: suppressibleColumn<Row>(
      'Severely absent',
      minimum,
      (row) => rate(row.cohort.severe, row.cohort.severePercent),
      (row) => csvPercent(row.cohort.severePercent),
    ),
  };
}

/** The "Split by" choice of a characteristic (office and leads only: the caller decides). */
export function SplitBySelect(props: {
  readonly value: string;
  readonly onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="field report-field">
      <label className="field-label" htmlFor={id}>
        Split by
      </label>
      <select id={id} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        <option value="">Nothing</option>
        {CHARACTERISTIC_KEYS.map((key) => (
          <option key={key} value={key}>
            {CHARACTERISTICS[key].label}
          </option>
        ))}
      </select>
    </div>
  );
}
