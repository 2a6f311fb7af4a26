import 'fake-indexeddb/auto';
import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { recordMark } from '../actions/recordMark';
import type { AppDb } from '../db/appDb';
import { ROSTER_ROW_ID } from '../db/rosterRow';
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
});
