/** How "did it work?" figures read on screen: every rate beside its possible sessions. */
import type { ActionImpactWire, ImpactWindowWire } from '../../../shared/api/caseworkImpactSchemas';
import { formatDateRange } from '../../ui/format';

const sessions = (n: number) => `${n} ${n === 1 ? 'session' : 'sessions'}`;

/** "80.0 % (16 of 20 sessions)", or why there is no rate. */
export function windowRate(w: ImpactWindowWire): string {
  if (w.range === null) return 'No school week yet';
  if (w.attendancePercent === null) return 'No sessions on the register';
  return `${w.attendancePercent.toFixed(1)} % (${w.attended} of ${sessions(w.possible)})`;
}

/** "20 Jan – 2 Feb 2025, 2 school weeks". */
export function windowDates(w: ImpactWindowWire): string {
  if (w.range === null) return '';
  const weeks = `${w.schoolWeeks} school ${w.schoolWeeks === 1 ? 'week' : 'weeks'}`;
  return `${formatDateRange(w.range.from, w.range.to)}, ${weeks}`;
}

/** "Better by 40.0 points", "No change", or "Not known yet", with "so far" while weeks remain. */
export function changeText(a: ActionImpactWire, weeks: number): string {
  const points = a.changePoints === null ? '' : Math.abs(a.changePoints).toFixed(1);
  const verdict =
    a.change === 'better'
      ? `Better by ${points} points`
      : a.change === 'worse'
        ? `Worse by ${points} points`
        : a.change === 'same'
          ? 'No change'
          : 'Not known yet';
  if (a.complete || a.change === 'unknown') return verdict;
  return `${verdict} so far (${a.after.schoolWeeks} of ${weeks} school weeks)`;
}
