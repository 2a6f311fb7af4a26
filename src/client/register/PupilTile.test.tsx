import { describe, expect, it } from 'vitest';
import { PUPIL } from '../testSupport.fixture';
import { isSameTilePupil } from './PupilTile';
import type { TilePupil } from './useOptimisticMarks';

const ADA: TilePupil = {
  pupilId: PUPIL.ada,
  displayName: 'Ada Adams',
  sortName: 'Adams, Ada',
  code: null,
  minutesLate: null,
  arrivedAt: null,
  isPending: false,
  needsReview: false,
  headEventId: null,
  serverCode: null,
  headRole: null,
  notice: null,
};

describe('isSameTilePupil (a tile renders again only when what it shows changed)', () => {
  it('a fresh read of the same row is the same tile', () => {
    expect(isSameTilePupil(ADA, { ...ADA })).toBe(true);
    expect(isSameTilePupil(ADA, { ...ADA, isSaving: false })).toBe(true);
    const rejected = { ...ADA, notice: { status: 'rejected', reason: 'No.' } } as const;
    expect(isSameTilePupil(rejected, { ...rejected, notice: { ...rejected.notice } })).toBe(true);
  });

  it.each([
    ['the code', { code: '/' }],
    ['minutes late', { minutesLate: 5 }],
    ['pending', { isPending: true }],
    ['saving', { isSaving: true }],
    ['review', { needsReview: true }],
    ['the head', { headEventId: '00000000-0000-4000-8000-0000000e0001' }],
    ['who entered it', { headRole: 'office' }],
    ['a notice', { notice: { status: 'conflict', reason: null } }],
  ] as const)('%s changed is a different tile', (_what, patch) => {
    expect(isSameTilePupil(ADA, { ...ADA, ...patch })).toBe(false);
  });
});
