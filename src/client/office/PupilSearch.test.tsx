import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { localDate } from '../../domain/index';
import type { Roster } from '../../shared/api/syncSchemas';
import { GROUP_ID, ROSTER } from '../testSupport.fixture';
import { PupilSearch } from './PupilSearch';

afterEach(cleanup);

const pupil = (n: number, displayName: string, sortName: string) => ({
  id: `00000000-0000-4000-8000-00000000e00${n}`,
  displayName,
  sortName,
  groupId: GROUP_ID,
  onRollFrom: '2025-09-01',
  onRollTo: null,
});

const ROLL: Roster = {
  ...ROSTER,
  pupils: [
    ...ROSTER.pupils,
    pupil(1, "Siobhán O'Brien", "O'Brien, Siobhán"),
    pupil(2, 'Zoë Ellis', 'Ellis, Zoë'),
    pupil(3, 'Joanne Price', 'Price, Joanne'),
    pupil(4, 'Ann Smith', 'Smith, Ann'),
  ],
};

function setUp() {
  const onChoose = vi.fn();
  render(
    <PupilSearch
      roster={ROLL}
      date={localDate('2025-09-08')}
      label="Find a pupil (type part of their name)"
      onChoose={onChoose}
    />,
  );
  return { user: userEvent.setup(), box: screen.getByLabelText(/Find a pupil/), onChoose };
}

const matches = () =>
  within(screen.getByRole('list', { name: 'Matching pupils' }))
    .getAllByRole('button')
    .map((button) => button.querySelector('.button__title')?.textContent);

describe('PupilSearch', () => {
  it.each([
    ['O’B', "Siobhán O'Brien"],
    ['brien', "Siobhán O'Brien"],
    ['siobhan', "Siobhán O'Brien"],
    ['zoe', 'Zoë Ellis'],
    ['ellis, zoe', 'Zoë Ellis'],
  ])('“%s” finds %s', async (typed, name) => {
    const { user, box } = setUp();
    await user.type(box, typed);
    expect(matches()).toEqual([name]);
  });

  it('lists names that start with what was typed before names that only contain it', async () => {
    const { user, box } = setUp();
    await user.type(box, 'ann');
    // Price comes before Smith in register order, but "ann" starts Ann's name.
    expect(matches()).toEqual(['Ann Smith', 'Joanne Price']);
  });

  it('says plainly when no name contains what was typed', async () => {
    const { user, box } = setUp();
    await user.type(box, 'xyz');
    expect(screen.getByText('No pupil’s name contains “xyz”.')).toBeInTheDocument();
  });
});
