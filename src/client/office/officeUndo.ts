/**
 * Undoing an office save (an amendment, a mark for a session, pre-entered codes, a chase-list
 * code) from the toast that follows it. Each mark saved gets a new event (marks/undoMark.ts): the
 * mark the entry had before, or a withdrawal when it had none, based on the event it undoes, so
 * the history keeps the save and its undo and a change someone made since is never overwritten.
 */
import type { SessionRef } from '../../domain/index';
import { undoMarkInput, type MarkBefore, type MarkMade } from '../marks/undoMark';
import type { SectionProps } from '../ui/sectionProps';
import { actionEnvOf, issuesText, recordOfficeMark } from './officeMark';

/** One mark an office save recorded, with what its entry showed before. */
export interface OfficeMarkMade {
  readonly pupilId: string;
  readonly session: SessionRef;
  readonly before: MarkBefore;
  readonly made: MarkMade;
}

/** Records the undo of every mark in `marks`; null when all are queued, else what went wrong. */
export async function undoOfficeMarks(
  props: Pick<SectionProps, 'db' | 'staff' | 'clock' | 'newEventId' | 'requestSync'>,
  marks: readonly OfficeMarkMade[],
): Promise<string | null> {
  for (const mark of marks) {
    const result = await recordOfficeMark(
      props.db,
      undoMarkInput({ ...mark, actor: { staffId: props.staff.staffId, role: props.staff.role } }),
      actionEnvOf(props),
    );
    if (!result.ok) return issuesText(result.errors);
  }
  props.requestSync?.();
  return null;
}

/** What an undo put back, for the line that replaces the toast. */
export function undoneText(before: MarkBefore): string {
  return before.code === null ? 'no mark again' : `${before.code} again`;
}
