import { describe, expect, it } from 'vitest';
import { localDate } from '../../domain/index';
import type { Roster } from '../../shared/api/syncSchemas';
import { findPupils } from './pupilSearch';

const pupil = (id: string, name: string, onRollFrom: string, onRollTo: string | null) => ({
  id,
  displayName: `${name} Adams`,
  sortName: `Adams, ${name}`,
  groupId: 'g1',
  onRollFrom,
  onRollTo,
});

// Only the parts of a roster the search reads.
const roster = {
  groups: [{ id: 'g1', name: '3A', yearGroup: '3' }],
  pupils: [
    pupil('p1', 'Ada', '2024-09-04', null),
    pupil('p2', 'Alf', '2024-09-04', '2025-03-14'),
    pupil('p3', 'Amy', '2025-03-17', null),
  ],
} as unknown as Roster;

const names = (date: string, onRollOnly: boolean) =>
  findPupils(roster, 'adams', localDate(date), 8, onRollOnly).map((f) => f.pupil.displayName);

describe('finding a pupil for the late book and the sign-out book', () => {
  it('offers a leaver on their leaving day and not the day after', () => {
    expect(names('2025-03-14', true)).toEqual(['Ada Adams', 'Alf Adams']);
    expect(names('2025-03-15', true)).toEqual(['Ada Adams']);
  });

  it('offers a new pupil from their admission day, not before', () => {
    expect(names('2025-03-16', true)).toEqual(['Ada Adams']);
    expect(names('2025-03-17', true)).toEqual(['Ada Adams', 'Amy Adams']);
  });

  it('a pupil record search still finds everyone, those on roll first', () => {
    expect(names('2025-03-15', false)).toEqual(['Ada Adams', 'Alf Adams', 'Amy Adams']);
  });
});
