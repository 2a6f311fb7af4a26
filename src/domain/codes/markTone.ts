/**
 * How a mark reads at a glance on the register (the tile's colour): present, late, an absence the
 * office must act on (the unauthorised codes, `N` among them), anything else, or not yet marked.
 * A rule of the codes, not of a screen, so every screen that colours a mark agrees.
 */
import { lookupCode2024 } from './attendanceCodes';

export type MarkTone = 'unmarked' | 'present' | 'late' | 'absent' | 'other';

export function markTone(code: string | null): MarkTone {
  if (code === null) return 'unmarked';
  if (code === '/' || code === '\\') return 'present';
  if (code === 'L') return 'late';
  return lookupCode2024(code)?.category === 'UNAUTH' ? 'absent' : 'other';
}
