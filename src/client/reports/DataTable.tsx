/**
 * A report table with its CSV download. Each column says how a row reads on screen and in the
 * CSV, so the file always holds exactly the rows and columns on screen (plus raw numbers).
 */
import { useState, type ReactNode } from 'react';
import type { ApiResult } from '../api/call';
import { saveTextFile, toCsv, type CsvColumn } from './csv';
import { failureMessage } from './ReportStatus';

export interface Column<Row> extends CsvColumn<Row> {
  /** What the cell shows; the CSV value (as text) when omitted. */
  readonly cell?: (row: Row) => ReactNode;
  /** Right-aligned, for figures. */
  readonly isNumeric?: boolean;
  /** Shown on screen only (a button, a link); left out of the CSV. */
  readonly screenOnly?: boolean;
}

/** Where the CSV comes from: the server's own, when it offers one, else these rows. */
export type CsvSource =
  | { readonly kind: 'rows' }
  | {
      readonly kind: 'server';
      /** Asks the server for its CSV of the list on screen (reportRequest.ts, serverCsv). */
      readonly load: () => Promise<ApiResult<string>>;
    };

export interface DataTableProps<Row> {
  readonly caption: string;
  readonly columns: readonly Column<Row>[];
  readonly rows: readonly Row[];
  readonly rowKey: (row: Row) => string;
  readonly filename: string;
  readonly emptyText: string;
  readonly csv?: CsvSource;
  /** Hides the caption on screen (a heading above already says it); screen readers still hear it. */
  readonly isCaptionHidden?: boolean;
}

export function DataTable<Row>(props: DataTableProps<Row>) {
  const { caption, columns, rows, rowKey, filename, emptyText } = props;
  return (
    <div className="report-table">
      {/* An empty list still downloads: its header row says what it would hold. */}
      <CsvButton
        label={caption}
        filename={filename}
        source={props.csv ?? { kind: 'rows' }}
        columns={columns.filter((column) => column.screenOnly !== true)}
        rows={rows}
      />
      {rows.length === 0 ? (
        <p className="notice">{emptyText}</p>
      ) : (
        <div className="report-table__scroll" role="region" aria-label={caption} tabIndex={0}>
          <table className="report-table__table">
            <caption className={props.isCaptionHidden === true ? 'visually-hidden' : undefined}>
              {caption}
            </caption>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th
                    key={column.header}
                    scope="col"
                    className={column.isNumeric === true ? 'is-numeric' : undefined}
                  >
                    {column.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={rowKey(row)}>
                  {columns.map((column, index) => {
                    const content = column.cell ? column.cell(row) : String(column.value(row));
                    const className = column.isNumeric === true ? 'is-numeric' : undefined;
                    return index === 0 ? (
                      <th key={column.header} scope="row" className={className}>
                        {content}
                      </th>
                    ) : (
                      <td key={column.header} className={className}>
                        {content}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export interface CsvButtonProps<Row> {
  /** What the file holds, for the button's accessible name: "Download CSV: Absence by reason". */
  readonly label: string;
  readonly filename: string;
  readonly source: CsvSource;
  /** The rows and columns written when `source` is `rows`. */
  readonly columns?: readonly CsvColumn<Row>[];
  readonly rows?: readonly Row[];
}

/** Downloads the rows (or the server's CSV of the same list) as a file. */
export function CsvButton<Row>({
  label,
  filename,
  source,
  columns = [],
  rows = [],
}: CsvButtonProps<Row>) {
  const [csvError, setCsvError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  async function download() {
    setCsvError(null);
    if (source.kind === 'rows') {
      saveTextFile(filename, toCsv(columns, rows));
      return;
    }
    setIsSaving(true);
    const result = await source.load();
    setIsSaving(false);
    if (result.ok) saveTextFile(filename, result.value);
    else setCsvError(failureMessage(result.error));
  }

  return (
    <div className="report-csv no-print">
      <button type="button" className="button" onClick={() => void download()} disabled={isSaving}>
        {isSaving ? 'Preparing CSV…' : 'Download CSV'}
        <span className="visually-hidden">: {label}</span>
      </button>
      {csvError !== null && (
        <p className="form-error" role="alert">
          {csvError}
        </p>
      )}
    </div>
  );
}
