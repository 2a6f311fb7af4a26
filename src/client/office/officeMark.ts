/**
 * Every mark the office makes (an amendment, a late arrival, a pre-entered code, the other side of
 * a conflict) goes through the device outbox with `recordMark`, like a teacher's tap: nothing
 * writes marks by REST, so an office desk that loses its connection loses nothing.
 *
 * The office often acts on a list fetched from the server a moment ago, which may know a newer
 * head for the entry than this device has pulled (the tablet's `N` reached the server, the office
 * desk has not synced since). The amendment must be based on the head the person saw, or the
 * server's conflict rules would treat it as a blind write. So when the device has no pending
 * mark of its own for the entry and the server's head is newer than the device's copy, the new
 * outbox row's base is set to the server's head — in the same transaction as the row is written,
 * so the sync engine never sees the row with the older base.
 */
import { ok, sessionKey, type Result } from '../../domain/index';
import {
  defaultActionEnv,
  recordMark,
  type ActionEnv,
  type MarkInputIssue,
  type RecordMarkInput,
  type RecordedMark,
} from '../marks/recordMark';
import type { AppDb } from '../db/appDb';

/** The entry's head as a server list showed it; `seq` is its place in the server's order. */
export interface ServerHead {
  readonly eventId: string;
  readonly seq: number | null;
}

export async function recordOfficeMark(
  db: AppDb,
  input: RecordMarkInput,
  env: ActionEnv = defaultActionEnv,
  serverHead: ServerHead | null = null,
): Promise<Result<RecordedMark, MarkInputIssue>> {
  if (serverHead === null) return recordMark(db, input, env);
  const key = sessionKey(input.session);
  return db.transaction('rw', db.outbox, db.entries, async () => {
    const pendingCount = await db.outbox
      .where('[pupilId+sessionKey]')
      .equals([input.pupilId, key])
      .filter((row) => row.status === 'pending')
      .count();
    const entry = await db.entries.get([input.pupilId, key]);
    // recordMark's own transaction joins this one (same tables), so both writes commit together.
    const result = await recordMark(db, input, env);
    if (!result.ok || pendingCount > 0) return result;
    const deviceIsAsNew =
      entry !== undefined &&
      (entry.headEventId === serverHead.eventId ||
        (serverHead.seq !== null && entry.headSeq >= serverHead.seq));
    if (deviceIsAsNew || result.value.baseEventId === serverHead.eventId) return result;
    await db.outbox.update(result.value.localSeq, { baseEventId: serverHead.eventId });
    return ok({ ...result.value, baseEventId: serverHead.eventId });
  });
}

/** The action environment for a section: its clock and, when a test fixes them, its event ids. */
export function actionEnvOf(props: {
  readonly clock: ActionEnv['clock'];
  readonly newEventId?: () => string;
}): ActionEnv {
  return {
    clock: props.clock,
    newEventId: props.newEventId ?? defaultActionEnv.newEventId,
  };
}

/** The issues of a refused mark as one sentence a person can act on. */
export function issuesText(issues: readonly MarkInputIssue[]): string {
  return `The mark could not be saved: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}.`;
}
