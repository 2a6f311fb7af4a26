/** Leave requests in plain words, for the office's leave tab. */
import { leaveSpan, localDate, type SessionPart } from '../../domain/index';

export function leaveSpanWords(
  from: { date: string; part: SessionPart },
  to: { date: string; part: SessionPart },
): string {
  return leaveSpan(
    { date: localDate(from.date), part: from.part },
    { date: localDate(to.date), part: to.part },
  ).replace(/^the /, 'from the ');
}

/** "93.5 % (187 of 200 sessions)", or "no sessions yet". */
export function percentWords(counts: { attended: number; possible: number } | null): string {
  if (counts === null || counts.possible === 0) return 'no sessions yet';
  const percent = (100 * counts.attended) / counts.possible;
  return `${percent.toFixed(1)} % (${counts.attended} of ${counts.possible} sessions)`;
}
