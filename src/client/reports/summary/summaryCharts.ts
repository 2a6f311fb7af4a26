/** Words and scales for the summary charts: the summary sentence is the chart's text alternative. */
import { formatPercent } from '../reportFormat';

interface Labelled {
  readonly label: string;
  readonly value: number | null;
}

/** "Attendance was highest on Tuesday (96.1%) and lowest on Friday (92.3%)." */
export function highLowSentence(points: readonly Labelled[], on: string): string {
  const known = points.filter((p): p is { label: string; value: number } => p.value !== null);
  if (known.length === 0) return 'There are no possible sessions to chart in this range.';
  const high = known.reduce((a, b) => (b.value > a.value ? b : a));
  const low = known.reduce((a, b) => (b.value < a.value ? b : a));
  if (high === low) return `Attendance was ${formatPercent(high.value)} ${on} ${high.label}.`;
  return `Attendance was highest ${on} ${high.label} (${formatPercent(high.value)}) and lowest ${on} ${low.label} (${formatPercent(low.value)}).`;
}

/** A y range for attendance that shows the detail between 80% and 100% but never hides a point. */
export function attendanceRange(values: readonly (number | null)[]): readonly [number, number] {
  const known = values.filter((v): v is number => v !== null);
  const lowest = known.length === 0 ? 100 : Math.min(...known);
  return [Math.max(0, Math.min(80, Math.floor((lowest - 2) / 5) * 5)), 100];
}

export const SERIES_COLOURS = {
  attendance: '#1d4f91',
  cumulative: '#6b4700',
  target: '#9b1c1c',
} as const;

/** The target drawn dashed, so it is told apart from the attendance line without colour. */
export const TARGET_DASH: readonly number[] = [8, 6];
