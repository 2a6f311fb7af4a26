/**
 * A chart with its text alternative: a caption, a one-line summary that says what the chart shows,
 * the drawing (hidden from screen readers, who cannot read a canvas), and the same figures as a
 * table with its CSV download.
 */
import { useId } from 'react';
import { DataTable, type Column } from '../DataTable';
import { UPlotChart, type UPlotChartProps } from './UPlotChart';

export interface ChartFigureProps extends UPlotChartProps {
  readonly title: string;
  /** One or two sentences giving the picture in words: "Attendance was lowest on Fridays (91.2%)." */
  readonly summary: string;
  /** The first column's header in the table: "Week beginning", "Weekday". */
  readonly labelHeader: string;
  readonly filename: string;
}

interface FigureRow {
  readonly label: string;
  readonly values: readonly (number | null)[];
}

export function ChartFigure(props: ChartFigureProps) {
  const titleId = useId();
  const rows: FigureRow[] = props.labels.map((label, index) => ({
    label,
    values: props.series.map((s) => s.values[index] ?? null),
  }));
  const columns: Column<FigureRow>[] = [
    { header: props.labelHeader, value: (row) => row.label },
    ...props.series.map((s, index): Column<FigureRow> => ({
      header: s.label,
      isNumeric: true,
      value: (row) => {
        const value = row.values[index] ?? null;
        return value === null ? 'n/a' : Number(value.toFixed(1));
      },
      cell: (row) => {
        const value = row.values[index] ?? null;
        return value === null ? 'n/a' : (props.formatValue ?? props.formatY)(value);
      },
    })),
  ];
  return (
    <figure className="report-chart" aria-labelledby={titleId}>
      <figcaption id={titleId} className="report-chart__title">
        {props.title}
      </figcaption>
      <p className="report-chart__summary">{props.summary}</p>
      <div aria-hidden="true">
        <UPlotChart {...props} />
      </div>
      <details className="report-chart__figures">
        <summary className="button">Show the figures as a table</summary>
        <DataTable
          caption={props.title}
          columns={columns}
          rows={rows}
          rowKey={(row) => row.label}
          filename={props.filename}
          emptyText="No figures for this range."
        />
      </details>
    </figure>
  );
}
