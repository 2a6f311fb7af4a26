import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { localDate } from '../../domain/index';
import { DateField } from './DateField';
import { parseDateText } from './dateText';
import { formatDateNumeric } from './format';

// A US-English browser: a native date input there reads and shows mm/dd/yyyy.
beforeEach(() => {
  vi.spyOn(navigator, 'language', 'get').mockReturnValue('en-US');
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['en-US', 'en']);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function Harness(props: { initial: string; onValue: (value: string) => void }) {
  const [value, setValue] = useState(props.initial);
  return (
    <>
      <label htmlFor="when">When</label>
      <DateField
        id="when"
        value={value}
        onChange={(next) => {
          setValue(next);
          props.onValue(next);
        }}
      />
      <button type="button" onClick={() => setValue('2026-09-01')}>
        Start of term
      </button>
      <output aria-label="Value">{value}</output>
    </>
  );
}

function setUp(initial = '') {
  const onValue = vi.fn();
  render(<Harness initial={initial} onValue={onValue} />);
  return { user: userEvent.setup(), box: screen.getByLabelText('When'), onValue };
}

describe('parseDateText and formatDateNumeric', () => {
  it.each([
    ['12/04/2026', '2026-04-12'],
    ['12/4/2026', '2026-04-12'],
    [' 1.4.2026 ', '2026-04-01'],
    ['12-04-2026', '2026-04-12'],
    ['12042026', '2026-04-12'],
    ['2026-04-12', '2026-04-12'],
    ['29/02/2028', '2028-02-29'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseDateText(text)).toBe(iso);
  });

  it.each(['31/02/2026', '13/13/2026', '12/04/26', '04/12', 'tomorrow', '', '2026/04/12'])(
    'refuses %j',
    (text) => {
      expect(parseDateText(text)).toBeNull();
    },
  );

  it('writes a day as dd/mm/yyyy', () => {
    expect(formatDateNumeric(localDate('2026-04-12'))).toBe('12/04/2026');
  });
});

describe('DateField under a US-English browser', () => {
  it('shows the date as dd/mm/yyyy', () => {
    const { box } = setUp('2026-04-12');
    expect(box).toHaveValue('12/04/2026');
    expect(box).toHaveAttribute('placeholder', 'dd/mm/yyyy');
    expect(box).toHaveAttribute('type', 'text');
  });

  it('reads 12/04/2026 as 12 April, not 4 December', async () => {
    const { user, box, onValue } = setUp();
    await user.type(box, '12/04/2026');
    expect(onValue).toHaveBeenLastCalledWith('2026-04-12');
    expect(screen.getByLabelText('Value')).toHaveTextContent('2026-04-12');
    expect(box).toHaveValue('12/04/2026');
  });

  it('names the expected form once the person leaves a box that holds no real date', async () => {
    const { user, box, onValue } = setUp('2026-04-12');
    await user.clear(box);
    await user.type(box, '31/02/2026');
    expect(onValue).toHaveBeenLastCalledWith('');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await user.tab();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Enter the date as dd/mm/yyyy, for example 12/04/2026.',
    );
    expect(box).toHaveAttribute('aria-invalid', 'true');
    expect(box).toHaveAccessibleDescription(/dd\/mm\/yyyy/);
    // What was typed stays, to be corrected rather than retyped.
    expect(box).toHaveValue('31/02/2026');
  });

  it('shows a date the screen sets itself', async () => {
    const { user, box } = setUp('2026-04-12');
    await user.click(screen.getByRole('button', { name: 'Start of term' }));
    expect(box).toHaveValue('01/09/2026');
  });
});
