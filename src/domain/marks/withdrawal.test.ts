import { describe, expect, it } from 'vitest';
import { localDate } from '../time/localDate';
import { decideEvent } from './decideEvent';
import { foldEntry, foldEntryTrail } from './foldEntry';
import type { MarkActor, ServerMarkEvent } from './markEvent';
import { WITHDRAWAL_WINDOW_MS, withdrawalProblem } from './withdrawal';

const teacher: MarkActor = { staffId: 't-a', name: 'Ms Okafor', role: 'teacher' };
const other: MarkActor = { staffId: 't-b', name: 'Mr Hughes', role: 'teacher' };
const office: MarkActor = { staffId: 'o-1', name: 'Mrs Patel', role: 'office' };
const session = { date: localDate('2025-03-04'), part: 'AM' } as const;
const at = (ms: number) => new Date(Date.UTC(2025, 2, 4, 8, 50) + ms).toISOString();

function ev(
  id: string,
  seq: number,
  fields: Partial<ServerMarkEvent> & { by?: MarkActor } = {},
): ServerMarkEvent {
  const actor = fields.by ?? teacher;
  return {
    eventId: id,
    pupilId: 'p1',
    session,
    code: '/',
    minutesLate: null,
    arrivedAt: null,
    reason: null,
    baseEventId: null,
    actor,
    deviceId: `device-${actor.staffId}`,
    recordedAt: at(seq * 1_000),
    serverSeq: seq,
    receivedAt: at(seq * 1_000 + 500),
    ...fields,
  };
}

const mark = ev('m1', 1);
const undo = ev('w1', 2, { kind: 'withdrawn', baseEventId: 'm1' });

describe('the fold with a withdrawal', () => {
  it('takes the entry back to no mark, keeping the withdrawal in the trail', () => {
    const trail = foldEntryTrail([undo, mark]);
    expect(trail?.entry).toBeNull();
    expect(foldEntry([mark, undo])).toBeNull();
    expect(trail?.outcomes.map((o) => o.outcome.status)).toEqual(['applied', 'applied']);
    expect(trail?.withdrawals).toEqual([
      expect.objectContaining({
        withdrawn: { code: '/', minutesLate: null },
        withdrawnEventId: 'm1',
        eventId: 'w1',
        by: teacher,
        afterMs: 1_000,
      }),
    ]);
  });

  it('makes the next mark the original entry, with the withdrawal before it', () => {
    const again = ev('m2', 3, { code: 'N', baseEventId: 'w1' });
    const entry = foldEntry([mark, undo, again]);
    expect(entry).toMatchObject({ code: 'N', original: { eventId: 'm2' }, amendments: [] });
    expect(entry?.withdrawals).toHaveLength(1);
  });

  it('leaves the entry be when the withdrawal did not see the head', () => {
    const change = ev('a1', 2, { code: 'M', baseEventId: 'm1', by: office, reason: 'Dentist' });
    const late = ev('w1', 3, { kind: 'withdrawn', baseEventId: 'm1' });
    const entry = foldEntry([mark, change, late]);
    expect(entry).toMatchObject({ code: 'M' });
    expect(entry?.outcomes.at(-1)?.outcome).toEqual({
      status: 'superseded',
      rule: 'stale_withdrawal',
    });
    expect(decideEvent(null, late)).toEqual({ status: 'superseded', rule: 'stale_withdrawal' });
  });
});

describe('withdrawalProblem', () => {
  const withdrawal = {
    baseEventId: 'm1',
    code: '/',
    minutesLate: null,
    recordedAt: at(5_000),
    actor: teacher,
    deviceId: 'device-t-a',
  };

  it('accepts the author, on the same device, within the window', () => {
    expect(withdrawalProblem({ withdrawal, recorded: [mark] })).toBeNull();
    const edge = at(1_000 + WITHDRAWAL_WINDOW_MS);
    expect(
      withdrawalProblem({ withdrawal: { ...withdrawal, recordedAt: edge }, recorded: [mark] }),
    ).toBeNull();
  });

  it.each([
    ['no mark', {}, [] as ServerMarkEvent[], /no mark to undo/],
    ['another person', { actor: other }, [mark], /Only the person who made a mark/],
    ['another device', { deviceId: 'device-x' }, [mark], /on the tablet they made it on/],
    ['too late', { recordedAt: at(1_001 + WITHDRAWAL_WINDOW_MS) }, [mark], /within 15 seconds/],
    ['before the mark', { recordedAt: at(0) }, [mark], /within 15 seconds/],
    ['a different code', { code: 'N' }, [mark], /named 'N'/],
    [
      'a changed mark',
      {},
      [mark, ev('a1', 2, { code: 'M', baseEventId: 'm1', by: office, reason: 'Dentist' })],
      /Mrs Patel \(the office\) has recorded 'M' since/,
    ],
  ])('refuses %s', (_name, change, recorded, message) => {
    expect(withdrawalProblem({ withdrawal: { ...withdrawal, ...change }, recorded })).toMatch(
      message,
    );
  });

  it('refuses the undo of a change (it is undone by recording the earlier mark again)', () => {
    const change = ev('a1', 2, { code: 'N', baseEventId: 'm1' });
    expect(
      withdrawalProblem({
        withdrawal: { ...withdrawal, baseEventId: 'a1', code: 'N' },
        recorded: [mark, change],
      }),
    ).toMatch(/first mark/);
  });
});
