import 'fake-indexeddb/auto';
import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { recordMark } from './recordMark';
import type { AppDb } from '../db/appDb';
import { ROSTER_ROW_ID } from '../db/rosterRow';
import type { EntryRow } from '../db/entryRow';
import { freshDb, GROUP_ID, MONDAY_AM, PUPIL, ROSTER, TEACHER } from '../testSupport.fixture';
import { useOutboxCounts } from './useOutbox';
import { useRegisterView } from './useRegisterView';

let db: AppDb;
afterEach(() => db.close());

describe('useRegisterView', () => {
  it('is undefined while loading, then follows writes to the outbox live', async () => {
    db = freshDb();
    await db.roster.put({ id: ROSTER_ROW_ID, roster: ROSTER });
    const { result } = renderHook(() => ({
      view: useRegisterView(GROUP_ID, MONDAY_AM, db),
      counts: useOutboxCounts(db),
    }));
    expect(result.current.view).toBeUndefined();
    await waitFor(() => expect(result.current.view?.unmarkedCount).toBe(3));

    await act(async () => {
      await recordMark(db, {
        pupilId: PUPIL.ben,
        session: MONDAY_AM,
        code: 'N',
        actor: { staffId: TEACHER.staffId, role: 'teacher' },
      });
    });

    await waitFor(() => expect(result.current.view?.unmarkedCount).toBe(2));
    expect(result.current.view?.pupils[1]).toMatchObject({ code: 'N', isPending: true });
    await waitFor(() => expect(result.current.counts).toEqual({ pending: 1, rejected: 0 }));
  });

  it('with the roster given: follows the outbox alone, a sync to the entries, and both at once', async () => {
    db = freshDb();
    const entry = (code: string, headSeq: number): EntryRow => ({
      pupilId: PUPIL.ada,
      sessionKey: '2025-09-08:AM',
      session: MONDAY_AM,
      code,
      minutesLate: null,
      arrivedAt: null,
      headEventId: `00000000-0000-4000-8000-0000000f000${headSeq}`,
      headSeq,
      headRole: 'office',
      needsReview: false,
    });
    await db.entries.put(entry('N', 1));
    const { result } = renderHook(() => useRegisterView(GROUP_ID, MONDAY_AM, db, ROSTER));
    await waitFor(() => expect(result.current?.pupils[0]).toMatchObject({ code: 'N' }));

    // A tap: only the outbox changes; the server's entry still shows beneath the pending mark.
    let eventId = '';
    await act(async () => {
      const marked = await recordMark(db, {
        pupilId: PUPIL.ben,
        session: MONDAY_AM,
        code: '/',
        actor: { staffId: TEACHER.staffId, role: 'teacher' },
      });
      if (marked.ok) eventId = marked.value.eventId;
    });
    await waitFor(() => expect(result.current?.pupils[1]).toMatchObject({ code: '/' }));
    expect(result.current?.eventIds.has(eventId)).toBe(true);
    expect(result.current?.pupils[0]).toMatchObject({ code: 'N', serverCode: 'N' });

    // A sync: the entry changes with no outbox write.
    await act(() => db.entries.put(entry('L', 2)));
    await waitFor(() => expect(result.current?.pupils[0]).toMatchObject({ code: 'L' }));

    // An acknowledgement: the outbox row and the entry change in one transaction, and the view
    // shows them together.
    await act(() =>
      db.transaction('rw', db.outbox, db.entries, async () => {
        await db.outbox.where('eventId').equals(eventId).modify({ status: 'acked' });
        await db.entries.put({ ...entry('/', 3), pupilId: PUPIL.ben, headEventId: eventId });
      }),
    );
    await waitFor(() =>
      expect(result.current?.pupils[1]).toMatchObject({
        code: '/',
        isPending: false,
        serverCode: '/',
      }),
    );
  });
});
