import { describe, expect, it } from 'vitest';
import { localDate } from '../../domain/index';
import { UNDO_REASON, undoMarkInput } from './undoMark';

const base = {
  pupilId: '00000000-0000-4000-8000-000000000001',
  session: { date: localDate('2025-03-04'), part: 'AM' as const },
  actor: { staffId: '00000000-0000-4000-8000-000000000002', role: 'office' as const },
  made: {
    eventId: '00000000-0000-4000-8000-000000000003',
    code: 'L',
    minutesLate: 5,
    arrivedAt: '2025-03-04T08:50:00.000Z',
  },
};

describe('undoMarkInput', () => {
  it('withdraws a first mark, naming it as the head seen', () => {
    expect(
      undoMarkInput({ ...base, before: { code: null, minutesLate: null, arrivedAt: null } }),
    ).toEqual({
      pupilId: base.pupilId,
      session: base.session,
      actor: base.actor,
      seenHeadEventId: base.made.eventId,
      kind: 'withdrawn',
      code: 'L',
      minutesLate: 5,
      arrivedAt: '2025-03-04T08:50:00.000Z',
      reason: null,
    });
  });

  it('records the earlier mark again, with a reason, when there was one', () => {
    const input = undoMarkInput({
      ...base,
      before: { code: 'N', minutesLate: null, arrivedAt: null },
    });
    expect(input.kind).toBeUndefined();
    expect(input).toMatchObject({
      code: 'N',
      minutesLate: null,
      reason: UNDO_REASON,
      seenHeadEventId: base.made.eventId,
    });
  });
});
