import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TimeField } from './TimeField';
import { parseTimeText } from './timeText';

// A US-English browser: a native time input there shows "08:45 AM".
beforeEach(() => {
  vi.spyOn(navigator, 'language', 'get').mockReturnValue('en-US');
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['en-US', 'en']);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function Harness(props: { initial: string }) {
  const [value, setValue] = useState(props.initial);
  return (
    <>
      <label htmlFor="at">Arrival time</label>
      <TimeField id="at" value={value} onChange={setValue} />
      <output aria-label="Value">{value}</output>
    </>
  );
}

describe('parseTimeText', () => {
  it.each([
    ['08:50', '08:50'],
    ['8:50', '08:50'],
    [' 8.50 ', '08:50'],
    ['0850', '08:50'],
    ['850', '08:50'],
    ['13:05', '13:05'],
    ['00:00', '00:00'],
    ['23:59', '23:59'],
  ])('reads %s as %s', (text, value) => {
    expect(parseTimeText(text)).toBe(value);
  });

  it.each(['24:00', '12:60', '8:5', '08:45 AM', '8.50pm', 'noon', ''])('refuses %s', (text) => {
    expect(parseTimeText(text)).toBeNull();
  });
});

describe('TimeField', () => {
  it('shows the 24-hour time on an American browser, and reads what is typed', async () => {
    render(<Harness initial="13:05" />);
    const box = screen.getByLabelText('Arrival time');
    expect(box).toHaveValue('13:05');
    expect(box).toHaveAttribute('type', 'text');
    expect(box).toHaveAttribute('placeholder', 'hh:mm');
    const user = userEvent.setup();
    await user.clear(box);
    await user.type(box, '0852');
    expect(screen.getByLabelText('Value')).toHaveTextContent('08:52');
  });

  it('names a time it cannot read once the box is left, with the form it expects', async () => {
    render(<Harness initial="" />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Arrival time'), '8:45 AM');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await user.tab();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Enter the time as hh:mm on the 24-hour clock, for example 08:50 or 13:05.',
    );
    expect(screen.getByLabelText('Value')).toBeEmptyDOMElement();
  });
});
