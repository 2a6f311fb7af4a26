/**
 * The live register view. Not Dexie's `liveQuery` (useLiveQuery), for two reasons that matter
 * on a slow tablet with a class of 35:
 *
 * - `liveQuery` runs the query again inside the `complete` event of the write that changed it,
 *   so the 35 entry reads it sets up sit between the commit of a tap's outbox row and everything
 *   waiting on it. Here the re-read starts in a task of its own just after.
 * - A tap changes only the outbox; the server's entries change only when the tablet syncs. So
 *   after an outbox-only change the entries of the last view are reused and only the outbox is
 *   read again.
 *
 * The changes come from Dexie's `storagemutated` event, which also carries writes made in other
 * tabs. A read during which a change arrived is thrown away and made again, as `liveQuery` does,
 * so a view shown is never a mix of before and after one write.
 */
import { Dexie, type ObservabilitySet } from 'dexie';
import { useEffect, useState } from 'react';
import type { SessionRef } from '../../domain/index';
import type { Roster } from '../../shared/api/syncSchemas';
import type { AppDb } from '../db/appDb';
import { getDb } from '../db/db';
import { tablesTouched } from '../db/liveRead';
import { registerView, type RegisterView } from './registerView';

type ViewState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly value: RegisterView }
  | { readonly kind: 'failed'; readonly error: unknown };

interface Touched {
  readonly outbox: boolean;
  /** The entries (or, without a roster from the caller, the roster): the full view is re-read. */
  readonly entries: boolean;
}

/** Which of the view's tables a write touched. */
function touchedBy(parts: ObservabilitySet, dbName: string, withRoster: boolean): Touched {
  const tables = tablesTouched(parts, dbName);
  if (tables === 'all') return { outbox: true, entries: true };
  return {
    outbox: tables.has('outbox'),
    entries: tables.has('entries') || (withRoster && tables.has('roster')),
  };
}

/**
 * The live register of `groupId` for `session` (undefined while the first read runs). With
 * `roster` (the caller's own live copy) the roster is not read again after each write; a new
 * roster reads the view afresh. A failed read is thrown during render, for the error boundary.
 */
export function useRegisterView(
  groupId: string,
  session: SessionRef,
  db: AppDb = getDb(),
  roster?: Roster | null,
): RegisterView | undefined {
  const { date, part } = session;
  const [state, setState] = useState<ViewState>({ kind: 'loading' });

  useEffect(() => {
    let isClosed = false;
    let isReading = false;
    let isScheduled = false;
    // Bumped by every write to the view's tables: a read that saw a bump is not shown.
    let changes = 0;
    let needsEntries = true;
    let last: RegisterView | undefined;

    const read = () => {
      isScheduled = false;
      if (isClosed) return;
      isReading = true;
      const startedAt = changes;
      const reuse = needsEntries ? undefined : last;
      needsEntries = false;
      registerView(db, groupId, { date, part }, roster, reuse).then(
        (view) => {
          isReading = false;
          if (isClosed) return;
          if (changes !== startedAt) {
            // A write landed while reading: read again. The entries just read may be stale.
            if (reuse === undefined) needsEntries = true;
            schedule();
            return;
          }
          last = view;
          setState({ kind: 'ready', value: view });
        },
        (error: unknown) => {
          isReading = false;
          if (!isClosed) setState({ kind: 'failed', error });
        },
      );
    };
    const schedule = () => {
      if (isScheduled || isReading || isClosed) return;
      isScheduled = true;
      setTimeout(read, 0);
    };
    const onWrite = (parts: ObservabilitySet) => {
      const touched = touchedBy(parts, db.name, roster === undefined);
      if (!touched.outbox && !touched.entries) return;
      changes += 1;
      if (touched.entries) needsEntries = true;
      schedule();
    };

    Dexie.on.storagemutated.subscribe(onWrite);
    read();
    return () => {
      isClosed = true;
      Dexie.on.storagemutated.unsubscribe(onWrite);
    };
  }, [db, groupId, date, part, roster]);

  if (state.kind === 'failed') throw state.error;
  return state.kind === 'ready' ? state.value : undefined;
}
