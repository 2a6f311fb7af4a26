import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NameCombobox, type ComboItem } from './NameCombobox';

afterEach(cleanup);

const item = (n: number, forename: string, surname: string, group: string): ComboItem => ({
  id: `pupil-${n}`,
  label: `${surname}, ${forename}`,
  detail: group,
  names: [`${forename} ${surname}`, `${surname}, ${forename}`],
});

// A long list, as a whole school is: 200 made-up names around the ones the tests look for.
const ITEMS: ComboItem[] = [
  item(1, 'Siobhán', "O'Brien", '5B'),
  item(2, 'Zoë', 'Ellis', '3A'),
  item(3, 'Joanne', 'Price', '4C'),
  item(4, 'Ann', 'Smith', '2A'),
  item(5, 'Oliver', 'Bright', '6A'),
  ...Array.from({ length: 200 }, (_, i) => item(100 + i, `Pupil${i}`, `Surname${i}`, '1A')),
];

function Harness(props: { onChange: (id: string) => void }) {
  const [value, setValue] = useState<string | null>(null);
  return (
    <NameCombobox
      label="Pupil"
      noun="pupil"
      items={ITEMS}
      value={value}
      onChange={(id) => {
        setValue(id);
        props.onChange(id);
      }}
    />
  );
}

function setUp() {
  const onChange = vi.fn();
  render(<Harness onChange={onChange} />);
  return {
    user: userEvent.setup(),
    box: screen.getByRole('combobox', { name: 'Pupil' }),
    onChange,
  };
}

const optionLabels = () =>
  within(screen.getByRole('listbox', { name: 'Matching pupils' }))
    .getAllByRole('option')
    .map((o) => o.querySelector('.name-combobox__label')?.textContent);

describe('NameCombobox', () => {
  it('finds O’Brien from “o’b” typed with an iPad’s curly apostrophe', async () => {
    const { user, box } = setUp();
    await user.type(box, 'o’b');
    expect(optionLabels()).toEqual(["O'Brien, Siobhán"]);
    expect(box).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText(/^1 of 205 pupils match/)).toBeInTheDocument();
  });

  it('matches any part of a name, start-of-word matches first, accents and case ignored', async () => {
    const { user, box } = setUp();
    await user.type(box, 'ZOE');
    expect(optionLabels()).toEqual(['Ellis, Zoë']);
    await user.clear(box);
    await user.type(box, 'ri');
    // No word starts with "ri", so every name containing it, in the list's order.
    expect(optionLabels()).toEqual(["O'Brien, Siobhán", 'Price, Joanne', 'Bright, Oliver']);
    await user.clear(box);
    await user.type(box, 'an');
    // Ann Smith starts a word with "an"; Siobhán and Joanne only contain it.
    expect(optionLabels()[0]).toBe('Smith, Ann');
  });

  it('chooses with the arrow keys and Enter, following the active option', async () => {
    const { user, box, onChange } = setUp();
    await user.type(box, 'ri');
    const options = screen.getAllByRole('option');
    expect(box).toHaveAttribute('aria-activedescendant', options[0]?.id);
    expect(options[0]).toHaveAttribute('aria-selected', 'true');

    await user.keyboard('{ArrowDown}');
    expect(box).toHaveAttribute('aria-activedescendant', options[1]?.id);
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}{ArrowUp}');
    expect(box).toHaveAttribute('aria-activedescendant', options[1]?.id);
    await user.keyboard('{Enter}');

    expect(onChange).toHaveBeenCalledWith('pupil-3');
    expect(box).toHaveValue('Price, Joanne');
    expect(box).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('option')).not.toBeInTheDocument();
    expect(box).toHaveFocus();
  });

  it('chooses with a click or tap on a match', async () => {
    const { user, box, onChange } = setUp();
    await user.type(box, 'smith');
    await user.click(screen.getByRole('option', { name: 'Smith, Ann 2A' }));
    expect(onChange).toHaveBeenCalledWith('pupil-4');
    expect(box).toHaveValue('Smith, Ann');
  });

  it('says so when no name matches, and how to fix it', async () => {
    const { user, box, onChange } = setUp();
    await user.type(box, 'xq');
    expect(screen.queryByRole('option')).not.toBeInTheDocument();
    expect(box).toHaveAttribute('aria-expanded', 'false');
    expect(
      screen.getByText(
        'No pupil’s name contains “xq”. Check the spelling, or type less of the name.',
      ),
    ).toBeInTheDocument();
    await user.keyboard('{Enter}');
    expect(onChange).not.toHaveBeenCalled();
  });

  it('lists everyone on Down with nothing typed, closes on Escape, and puts back the choice on leaving', async () => {
    const { user, box } = setUp();
    await user.type(box, 'ellis{Enter}');
    expect(box).toHaveValue('Ellis, Zoë');

    await user.clear(box);
    await user.keyboard('{ArrowDown}');
    expect(optionLabels()).toHaveLength(205);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('option')).not.toBeInTheDocument();

    await user.type(box, 'price');
    await user.tab();
    expect(box).toHaveValue('Ellis, Zoë');
  });
});
