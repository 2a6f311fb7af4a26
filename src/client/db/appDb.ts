/**
 * The tablet's one IndexedDB database (docs/design.md §3.1, §7.1).
 *
 * Tables, and which way they sync:
 * - `outbox`  SYNCED UP. Every mark made on this device, in device order. The only table a tap
 *             writes. Its primary key `++localSeq` is the device's order and must NEVER change
 *             (Dexie cannot change a primary key: docs/design.md §3.1). The number a row goes
 *             to the server under (`wireSeq`, the wire's `clientSeq`) is a plain field given at
 *             send time, because a refused batch makes the rows behind it go again renumbered;
 *             `[status+wireSeq]` lists the rows waiting for an answer in wire order.
 * - `entries` SYNCED DOWN. The server's current head per pupil and session (a projection).
 * - `events`  SYNCED DOWN. The server's events pulled to this device, in server order.
 * - `roster`  SYNCED DOWN. One document: school configuration, groups, pupils, staff.
 *             `entries`, `events` and `roster` are copies: a reset clears them and pulls afresh.
 * - `meta`    LOCAL ONLY. Device id, pull cursor, epoch, roster version, clock offset, last
 *             synced time, storage persistence.
 * A reset or a schema upgrade may rebuild the synced-down tables; nothing may ever drop `outbox`
 * rows.
 *
 * The rule for changes: NEVER edit a released version. Add `this.version(n + 1).stores({...})`
 * with only the tables that change, plus an `.upgrade(tx => ...)` when data must be rewritten,
 * and a test that opens a fixture database of version n holding pending outbox rows and checks
 * every row survives. Version 1 is the first released schema.
 *
 * Transactions use strict durability (`complete` fires only once the data is flushed to disk on
 * Chromium; docs/design.md §3.1): "saved on this tablet" means committed, and the database is
 * tiny, so the cost does not matter.
 */
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { EntryRow } from './entryRow';
import type { EventRow } from './eventRow';
import type { MetaKey, MetaRow } from './metaRow';
import type { OutboxRow } from './outboxRow';
import { DEFAULT_DB_NAME } from './dbName';
import type { RosterRow } from './rosterRow';

export { DEFAULT_DB_NAME };

export class AppDb extends Dexie {
  outbox!: EntityTable<OutboxRow, 'localSeq'>;
  entries!: Table<EntryRow, [string, string]>;
  events!: Table<EventRow, number>;
  roster!: Table<RosterRow, string>;
  meta!: Table<MetaRow, MetaKey>;

  constructor(name: string = DEFAULT_DB_NAME) {
    super(name, { chromeTransactionDurability: 'strict' });
    // Version 1: released. Do not edit; add version(2) below it.
    this.version(1).stores({
      outbox: '++localSeq, &eventId, status, [status+wireSeq], [pupilId+sessionKey]',
      entries: '[pupilId+sessionKey]',
      events: 'serverSeq, &eventId, [pupilId+sessionKey]',
      roster: 'id',
      meta: 'key',
    });
  }
}
