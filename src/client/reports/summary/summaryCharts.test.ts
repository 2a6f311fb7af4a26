import { describe, expect, it } from 'vitest';
import { attendanceRange, highLowSentence } from './summaryCharts';

describe('highLowSentence', () => {
  it('names the highest and the lowest, with their rates', () => {
    const days = [
      { label: 'Mondays', value: 95.25 },
      { label: 'Fridays', value: 91 },
      { label: 'Tuesdays', value: 97 },
    ];
    expect(highLowSentence(days, 'on')).toBe(
      'Attendance was highest on Tuesdays (97.0%) and lowest on Fridays (91.0%).',
    );
  });

  it('skips "n/a" points and says so when nothing can be charted', () => {
    expect(highLowSentence([{ label: 'Mondays', value: null }], 'on')).toBe(
      'There are no possible sessions to chart in this range.',
    );
    expect(
      highLowSentence(
        [
          { label: 'Mondays', value: null },
          { label: 'Tuesdays', value: 94 },
        ],
        'on',
      ),
    ).toBe('Attendance was 94.0% on Tuesdays.');
  });
});

describe('attendanceRange', () => {
  it.each([
    [
      [96, 91, null],
      [80, 100],
    ],
    [[72.5], [70, 100]],
    [[3], [0, 100]],
    [[], [80, 100]],
  ])('%j → %j', (values, range) => {
    expect(attendanceRange(values)).toEqual(range);
  });
});
