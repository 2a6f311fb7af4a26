import { describe, expect, it } from 'vitest';
import { localDate } from '../time/localDate';
import { schoolWeeks } from './schoolWeeks';
import { closure, testSchool } from './testSchool.fixture';

const d = localDate;

describe('schoolWeeks', () => {
  it('skips the half-term holiday between two terms', () => {
    expect(schoolWeeks(testSchool(), d('2024-10-14'), d('2024-11-10'))).toEqual(
      ['2024-10-14', '2024-10-21', '2024-11-04'].map(d),
    );
  });

  it('counts the week of the Easter bank holidays, which has school days on either side', () => {
    // Term ends Fri 4 Apr; summer term starts Tue 22 Apr, the day after Easter Monday.
    expect(schoolWeeks(testSchool(), d('2025-03-31'), d('2025-04-27'))).toEqual(
      ['2025-03-31', '2025-04-21'].map(d),
    );
  });

  it('counts a week with only one open session, but not a week closed all through', () => {
    const allClosed = testSchool({ closures: [closure('Training', '2024-12-16', '2024-12-20')] });
    const onePmOpen = testSchool({
      closures: [
        closure('Training', '2024-12-16', '2024-12-19'),
        closure('Half day', '2024-12-20', '2024-12-20', { parts: ['AM'] }),
      ],
    });
    expect(schoolWeeks(allClosed, d('2024-12-09'), d('2024-12-20'))).toEqual([d('2024-12-09')]);
    expect(schoolWeeks(onePmOpen, d('2024-12-09'), d('2024-12-20'))).toEqual(
      ['2024-12-09', '2024-12-16'].map(d),
    );
  });

  it('does not count a week closed all through, for the year groups it closes', () => {
    const school = testSchool({
      closures: [
        closure('Year 6 residential cover', '2024-11-11', '2024-11-15', { yearGroups: ['6'] }),
      ],
    });
    expect(schoolWeeks(school, d('2024-11-04'), d('2024-11-22'), '6')).toEqual(
      ['2024-11-04', '2024-11-18'].map(d),
    );
    expect(schoolWeeks(school, d('2024-11-04'), d('2024-11-22'), '5')).toEqual(
      ['2024-11-04', '2024-11-11', '2024-11-18'].map(d),
    );
  });

  it('only looks at sessions inside the range', () => {
    // 2024-10-25 is the Friday of the week of 21 Oct; starting on the Saturday leaves it out.
    expect(schoolWeeks(testSchool(), d('2024-10-26'), d('2024-11-05'))).toEqual([d('2024-11-04')]);
  });
});
