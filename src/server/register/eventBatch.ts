/**
 * Recording new mark events and updating their entries: the one write path into `mark_event` and
 * `register_entry`, shared by a device's push (pushService.ts) and the marks the server makes
 * itself (serverEvents.ts: a trip's codes entered in advance).
 *
 * A batch is decided in memory and written with a constant number of statements, however many
 * events it holds (a push of 500 marks used to cost some 2,500 statements). The caller
 * takes the school's log lock (`lockSchoolLog`) before it reads the entries' events, and holds it
 * to commit, so those events are all there are, the numbers handed out here (head + 1, head + 2…)
 * are the next in commit order, and nobody else can take one meanwhile.
 *
 * Each entry's new value comes from folding all its recorded events with the domain core, so the
 * server's projection is by construction the same as what any tablet folds from the same events.
 * Events earlier in the batch count as recorded for the ones after them, so an amendment can build
 * on a mark sent with it.
 */
import { entryKey, foldEntryTrail, type EntryKey, type ServerMarkEvent } from '../../domain/index';
import type { Queryable } from '../db/database';
import { entryKeyOf, type EntryRef } from './eventReads';
import {
  deleteEntries,
  insertEntries,
  upsertEntries,
  writeEvents,
  type EntryWrite,
  type EventWrite,
} from './eventBatchWrite';
import { setHeadSeq } from './syncHead';
import type { AckEntry, BatchEvent, StoredEvent } from './batchEvents';

const OUTCOME_DETAIL: Readonly<Record<string, string>> = {
  superseded:
    'The office had already amended this entry, so this mark did not change it. It is kept in the entry’s history.',
  stale_withdrawal:
    'This undo came after the mark had changed, so it did not change the entry. It is kept in the entry’s history.',
  conflict:
    'Someone else marked this pupil differently for this session at the same time. Both marks are kept; the office will review them.',
  flagged:
    'This amendment replaced a mark made at the same time on another device; it is flagged for the office to check.',
};

/** Put before an event's outcome when it came from a device an administrator had revoked. */
export const WITHDRAWN_DEVICE_DETAIL =
  'This mark came from a device whose access had been withdrawn by an administrator; it is kept and flagged for the office to check.';

export class EventBatch {
  private head: number;
  private readonly events: EventWrite[] = [];
  /**
   * Each touched entry as it stands after the batch's events so far, in first-touched order;
   * `write` null when the entry has no mark now (its mark was withdrawn).
   */
  private readonly entries = new Map<
    EntryKey,
    { ref: Pick<EntryWrite, 'pupilId' | 'session'>; write: EntryWrite | null }
  >();
  /** The recorded events of each entry, the batch's own appended in order. */
  private readonly recorded: Map<EntryKey, ServerMarkEvent[]>;
  /**
   * The entries that had recorded events before the batch: only these can have a register_entry
   * row (a row's head is one of its entry's recorded events, and retention removes an entry's row
   * with its events), so every other entry the batch leaves with a mark is a plain INSERT.
   */
  private readonly hadEvents: ReadonlySet<EntryKey>;
  /** How to take back each `add` since the batch began, newest last (see `savepoint`). */
  private readonly undo: (() => void)[] = [];

  /**
   * @param headSeq the school's last number, read under the log lock.
   * @param recorded the recorded (not rejected) events of every entry the batch may touch, in
   *   server order, read under the log lock; an entry that is absent has none.
   */
  constructor(
    private readonly schoolId: string,
    headSeq: number,
    recorded: ReadonlyMap<EntryKey, readonly ServerMarkEvent[]>,
  ) {
    this.head = headSeq;
    this.recorded = new Map([...recorded].map(([key, events]) => [key, [...events]]));
    this.hadEvents = new Set(
      [...recorded].filter(([, events]) => events.length > 0).map(([key]) => key),
    );
  }

  /** The school's last number, counting the events added so far. */
  get headSeq(): number {
    return this.head;
  }

  /** The entry's recorded events, counting the ones added to this batch so far. */
  recordedOf(ref: EntryRef): readonly ServerMarkEvent[] {
    return this.recorded.get(entryKeyOf(ref)) ?? [];
  }

  /**
   * The entry as the batch has left it so far: null when it has no mark now (withdrawn), undefined
   * when the batch has not touched it.
   */
  entryOf(key: EntryKey): AckEntry | null | undefined {
    const touched = this.entries.get(key);
    if (touched === undefined) return undefined;
    const entry = touched.write;
    return entry === null
      ? null
      : {
          code: entry.code,
          minutesLate: entry.minutesLate,
          headEventId: entry.headEventId,
          headSeq: entry.headSeq,
          headRole: entry.headRole,
          needsReview: entry.needsReview,
        };
  }

  /**
   * A point to come back to with {@link rollbackTo}: a group of pushes shares one batch
   * (sync/push/pushGroup.ts), and a push the rules refuse takes back what it added, so the pushes
   * after it are decided, numbered and written as if it had never been sent.
   */
  savepoint(): number {
    return this.undo.length;
  }

  /** Takes back every `add` made since `savepoint` (its numbers included), in memory. */
  rollbackTo(savepoint: number): void {
    while (this.undo.length > savepoint) this.undo.pop()?.();
  }

  /** Numbers the event, decides it with the domain and updates its entry, in memory. */
  add(input: BatchEvent): StoredEvent {
    const key = entryKey(input.event.pupilId, input.event.session);
    const serverSeq = this.head + 1;
    const before = {
      head: this.head,
      events: this.events.length,
      entry: this.entries.get(key),
      recorded: this.recorded.get(key),
    };
    this.undo.push(() => {
      this.head = before.head;
      this.events.length = before.events;
      if (before.entry === undefined) this.entries.delete(key);
      else this.entries.set(key, before.entry);
      if (before.recorded === undefined) this.recorded.delete(key);
      else this.recorded.set(key, before.recorded);
    });
    const incoming: ServerMarkEvent = {
      ...input.event,
      serverSeq,
      receivedAt: input.receivedAt.toISOString(),
    };
    const events = [...(this.recorded.get(key) ?? []), incoming];
    const trail = foldEntryTrail(events);
    if (trail === null) throw new Error('foldEntryTrail returned nothing for a new event');
    const outcome = trail.outcomes.find((o) => o.eventId === incoming.eventId)?.outcome;
    if (outcome === undefined) throw new Error('foldEntry lost the incoming event');
    const { entry } = trail;
    const head = entry === null ? null : events.find((e) => e.eventId === entry.headEventId);
    if (head === undefined) throw new Error(`Head event of ${key} is missing`);
    const outcomeDetail =
      outcome.status === 'applied'
        ? outcome.flagged
          ? (OUTCOME_DETAIL.flagged ?? null)
          : null
        : (OUTCOME_DETAIL[outcome.rule] ?? OUTCOME_DETAIL[outcome.status] ?? null);
    const withdrawn = input.fromWithdrawnDevice === true;
    const detail = withdrawn
      ? [WITHDRAWN_DEVICE_DETAIL, outcomeDetail].filter((d) => d !== null).join(' ')
      : outcomeDetail;
    const needsReview = (entry?.needsReview ?? false) || withdrawn;

    this.head = serverSeq;
    this.recorded.set(key, events);
    this.events.push({ ...input, serverSeq, status: outcome.status, detail });
    const ref = { pupilId: input.event.pupilId, session: input.event.session };
    this.entries.set(key, {
      ref,
      write:
        entry === null || head === null
          ? null
          : {
              pupilId: entry.pupilId,
              session: entry.session,
              code: entry.code,
              minutesLate: entry.minutesLate,
              headEventId: entry.headEventId,
              headSeq: head.serverSeq,
              headRole: entry.headRole,
              needsReview,
            },
    });
    return {
      serverSeq,
      status: outcome.status,
      detail,
      entry,
      headSeq: head?.serverSeq ?? null,
      needsReview,
    };
  }

  /**
   * Writes the batch: one multi-row INSERT of its events; the final state of each entry it
   * touched, a plain INSERT for the entries new to the log and an upsert for the others (at most
   * one statement each); and the school's new head. Nothing when the batch is empty.
   */
  async write(tx: Queryable): Promise<void> {
    if (this.events.length === 0) return;
    await writeEvents(tx, this.schoolId, this.events);
    const touched = [...this.entries].flatMap(([key, t]) =>
      t.write === null ? [] : [{ key, write: t.write }],
    );
    await insertEntries(
      tx,
      this.schoolId,
      touched.filter((t) => !this.hadEvents.has(t.key)).map((t) => t.write),
    );
    await upsertEntries(
      tx,
      this.schoolId,
      touched.filter((t) => this.hadEvents.has(t.key)).map((t) => t.write),
    );
    // An entry whose mark was withdrawn has no mark: its row goes, its events stay.
    await deleteEntries(
      tx,
      this.schoolId,
      [...this.entries.values()].flatMap((t) => (t.write === null ? [t.ref] : [])),
    );
    await setHeadSeq(tx, this.schoolId, this.head);
  }
}
