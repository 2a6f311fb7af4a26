/**
 * A uPlot chart over categories (weeks, weekdays, sessions): x is the category's index and the
 * axis shows its label, which keeps labels in en-GB ("8 Sep") instead of uPlot's US time format.
 * uPlot draws on a canvas, so this is decoration for sighted readers; ChartFigure always gives the
 * same figures as a table.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  readonly label: string;
  readonly values: readonly (number | null)[];
  readonly colour: string;
  /** A dash pattern, so a line is told apart by more than its colour (the target line). */
  readonly dash?: readonly number[];
  readonly isBars?: boolean;
}

export interface UPlotChartProps {
  readonly labels: readonly string[];
  readonly series: readonly ChartSeries[];
  readonly yTitle: string;
  /** Axis ticks: "90%". */
  readonly formatY: (value: number) => string;
  /** A single value in the legend and the table: "93.4%"; `formatY` when omitted. */
  readonly formatValue?: (value: number) => string;
  /** Fixed y range, e.g. [80, 100] for attendance; uPlot's own fit when omitted. */
  readonly yRange?: readonly [number, number];
  readonly height?: number;
}

const DEFAULT_WIDTH = 640;

function optionsFor(props: UPlotChartProps, width: number): uPlot.Options {
  const { labels, series, yTitle, formatY, yRange } = props;
  const formatValue = props.formatValue ?? formatY;
  const bars = uPlot.paths.bars?.({ size: [0.6, 64] });
  return {
    width,
    height: props.height ?? 280,
    legend: { show: true, live: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: false, range: [-0.5, Math.max(labels.length - 0.5, 0.5)] },
      y: yRange === undefined ? { auto: true } : { auto: false, range: [yRange[0], yRange[1]] },
    },
    axes: [
      {
        space: 48,
        incrs: [1, 2, 3, 4, 5, 10, 20, 50],
        values: (_u, splits) =>
          splits.map((value) => (Number.isInteger(value) ? (labels[value] ?? '') : '')),
      },
      {
        label: yTitle,
        size: 64,
        values: (_u, splits) => splits.map((value) => formatY(value)),
      },
    ],
    series: [
      { label: 'x', value: (_u, value) => labels[value] ?? '' },
      ...series.map((s): uPlot.Series => ({
        label: s.label,
        stroke: s.colour,
        width: 2,
        ...(s.dash === undefined ? {} : { dash: [...s.dash] }),
        ...(s.isBars === true
          ? {
              fill: `${s.colour}cc`,
              ...(bars === undefined ? {} : { paths: bars }),
              points: { show: false },
            }
          : { points: { show: labels.length <= 20 } }),
        value: (_u, value) => (value === null ? 'n/a' : formatValue(value)),
      })),
    ],
  };
}

export function UPlotChart(props: UPlotChartProps) {
  const target = useRef<HTMLDivElement | null>(null);
  const latest = useRef(props);
  // The chart is rebuilt only when what it draws changes, not on every render of the screen
  // around it (typing a date would otherwise redraw it at each key).
  const drawn = JSON.stringify([
    props.labels,
    props.series,
    props.yTitle,
    props.yRange ?? null,
    props.height ?? null,
  ]);

  useEffect(() => {
    latest.current = props;
  });

  useEffect(() => {
    const element = target.current;
    if (element === null) return undefined;
    const current = latest.current;
    const height = current.height ?? 280;
    const width = element.clientWidth > 0 ? element.clientWidth : DEFAULT_WIDTH;
    const data: uPlot.AlignedData = [
      current.labels.map((_label, index) => index),
      ...current.series.map((s) => [...s.values]),
    ];
    const formatY = (value: number) => latest.current.formatY(value);
    const formatValue = (value: number) =>
      (latest.current.formatValue ?? latest.current.formatY)(value);
    let chart: uPlot;
    try {
      chart = new uPlot(optionsFor({ ...current, formatY, formatValue }, width), data, element);
    } catch {
      // No canvas (a very old browser): the table beside the chart has every figure.
      return undefined;
    }
    const resize =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => {
            if (element.clientWidth > 0) chart.setSize({ width: element.clientWidth, height });
          });
    resize?.observe(element);
    return () => {
      resize?.disconnect();
      chart.destroy();
    };
  }, [drawn]);

  return <div ref={target} className="report-chart__plot" />;
}
