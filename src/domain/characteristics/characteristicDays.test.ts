import { describe, expect, it } from 'vitest';
import { localDate } from '../time/localDate';
import {
  characteristicOn,
  ethnicityOfCensusCode,
  firstLanguageOfCensusCode,
  senOfCensusCode,
  sexOfCensusCode,
  spansOverlap,
} from './characteristicDays';
import type { CharacteristicSpan } from './characteristics';

const d = localDate;

describe('characteristicOn', () => {
  const spans: CharacteristicSpan[] = [
    { key: 'fsm', value: 'yes', from: d('2024-09-01'), to: d('2024-12-31') },
    { key: 'sen', value: 'senSupport', from: d('2024-09-01'), to: d('2025-01-31') },
    { key: 'sen', value: 'ehcPlan', from: d('2025-02-01'), to: null },
  ];
  it('gives the value of the span holding the day, both ends included', () => {
    expect(characteristicOn(spans, 'fsm', d('2024-09-01'))).toBe('yes');
    expect(characteristicOn(spans, 'fsm', d('2024-12-31'))).toBe('yes');
    expect(characteristicOn(spans, 'sen', d('2025-01-31'))).toBe('senSupport');
    expect(characteristicOn(spans, 'sen', d('2026-07-01'))).toBe('ehcPlan');
  });
  it('is "no" outside every span of a yes/no characteristic, and not recorded otherwise', () => {
    expect(characteristicOn(spans, 'fsm', d('2025-01-01'))).toBe('no');
    expect(characteristicOn(spans, 'lookedAfter', d('2025-01-01'))).toBe('no');
    expect(characteristicOn(spans, 'sen', d('2024-08-31'))).toBeNull();
    expect(characteristicOn(spans, 'sex', d('2024-10-01'))).toBeNull();
  });
  it('tells overlapping spans of one key apart from touching ones', () => {
    const a: CharacteristicSpan = {
      key: 'fsm',
      value: 'yes',
      from: d('2024-09-01'),
      to: d('2024-09-30'),
    };
    expect(spansOverlap(a, { ...a, from: d('2024-10-01'), to: null })).toBe(false);
    expect(spansOverlap(a, { ...a, from: d('2024-09-30'), to: null })).toBe(true);
    expect(spansOverlap({ ...a, to: null }, { ...a, from: d('2030-01-01') })).toBe(true);
    expect(spansOverlap(a, { ...a, key: 'pupilPremium' })).toBe(false);
  });
});

describe("the census's codes", () => {
  it('reads sex, ethnicity, first language and SEN provision', () => {
    expect(sexOfCensusCode('m')).toBe('male');
    expect(sexOfCensusCode('F')).toBe('female');
    expect(sexOfCensusCode('X')).toBeNull();
    expect(ethnicityOfCensusCode('WBRI')).toBe('white');
    expect(ethnicityOfCensusCode('mwbc')).toBe('mixed');
    expect(ethnicityOfCensusCode('APKN')).toBe('asian');
    expect(ethnicityOfCensusCode('BAFR')).toBe('black');
    expect(ethnicityOfCensusCode('CHNE')).toBe('chinese');
    expect(ethnicityOfCensusCode('OOTH')).toBe('other');
    expect(ethnicityOfCensusCode('REFU')).toBe('unclassified');
    expect(ethnicityOfCensusCode('NOBT')).toBe('unclassified');
    expect(ethnicityOfCensusCode('ZZZZ')).toBeNull();
    expect(ethnicityOfCensusCode('White')).toBeNull();
    expect(firstLanguageOfCensusCode('ENG')).toBe('english');
    expect(firstLanguageOfCensusCode('ENB')).toBe('english');
    expect(firstLanguageOfCensusCode('POL')).toBe('other');
    expect(firstLanguageOfCensusCode('OTB')).toBe('other');
    expect(firstLanguageOfCensusCode('NOT')).toBe('unknown');
    expect(firstLanguageOfCensusCode('12')).toBeNull();
    expect(senOfCensusCode('N')).toBe('none');
    expect(senOfCensusCode('k')).toBe('senSupport');
    expect(senOfCensusCode('E')).toBe('ehcPlan');
    expect(senOfCensusCode('Y')).toBeNull();
  });
});
