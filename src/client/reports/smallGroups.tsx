/**
 * A figure of a group too small to print or export (docs/design.md §5 "Pupil characteristics"):
 * the screen shows it to the lead; print shows "fewer than N pupils", and so does the table's CSV.
 */
import { useId, useState, type ReactNode } from 'react';
import {
  CHARACTERISTIC_KEYS,
  CHARACTERISTICS,
  isCharacteristicKey,
  type CharacteristicKey,
} from '../../domain/index';
import type { ListSplit } from '../../shared/api/reportSchemas';
import { DataTable, type Column } from './DataTable';
import { reportFilename } from './csv';
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

interface GroupRow {
  readonly value: string | null;
  readonly label: string;
  readonly suppressed: boolean;
}

/**
 * A list split by a characteristic as a table: each group's label, then `columns`. `who` says
 * which pupils it counts; the hint adds that small groups are left out of print and exports.
 */
export function GroupsTable<Row extends GroupRow>({
  split,
  who,
  filename,
  columns,
}: {
  readonly split: {
    readonly label: string;
    readonly smallGroupMinimum: number;
    readonly rows: readonly Row[];
  };
  readonly who: string;
  readonly filename: string;
  readonly columns: readonly Column<Row>[];
}) {
  const minimum = split.smallGroupMinimum;
  return (
    <>
      <h3>By {inSentence(split.label)}</h3>
      <p className="hint">
        {who} Groups of fewer than {formatCount(minimum)} pupils read “fewer than{' '}
        {formatCount(minimum)} pupils” when printed or exported.
      </p>
      <DataTable<Row>
        caption={`By ${inSentence(split.label)}`}
        isCaptionHidden
        rows={split.rows}
        rowKey={(row) => row.value ?? 'not-recorded'}
        filename={filename}
        emptyText="No pupils in this range."
        columns={[{ header: split.label, value: (row) => row.label }, ...columns]}
      />
    </>
  );
}

type ListSplitRow = ListSplit['rows'][number];

/**
 * A list of pupils split by a characteristic: each group's pupils and how many of them the list
 * names (under `listedHeader`), each suppressible.
 */
export function ListSplitTable({
  split,
  listedHeader,
  report,
  schoolName,
  range,
}: {
  readonly split: ListSplit | null;
  readonly listedHeader: string;
  /** The list's name in the CSV's filename, e.g. "lateness". */
  readonly report: string;
  readonly schoolName: string;
  readonly range: { readonly from: string; readonly to: string };
}) {
  if (split === null) return null;
  const minimum = split.smallGroupMinimum;
  return (
    <GroupsTable<ListSplitRow>
      split={split}
      who="Pupils in the group they were in on the last day."
      filename={reportFilename([
        report,
        'by-characteristic',
        schoolName,
        range.from,
        'to',
        range.to,
      ])}
      columns={[
        suppressibleColumn<ListSplitRow>(
          'Pupils',
          minimum,
          (row) => formatCount(row.pupils),
          (row) => row.pupils,
        ),
        suppressibleColumn<ListSplitRow>(
          listedHeader,
          minimum,
          (row) => formatCount(row.listed),
          (row) => row.listed,
        ),
      ]}
    />
  );
}

/**
 * The "Split by" choice of a list for those who may use characteristics (not a teacher), and the
 * query parameter it adds.
 */
export function useListSplit(role: string): {
  readonly control: ReactNode;
  readonly query: { splitBy?: CharacteristicKey };
} {
  const [splitBy, setSplitBy] = useState('');
  if (role === 'teacher') return { control: null, query: {} };
  return {
    control: <SplitBySelect value={splitBy} onChange={setSplitBy} />,
    query: isCharacteristicKey(splitBy) ? { splitBy } : {},
  };
}
