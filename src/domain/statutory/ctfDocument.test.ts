import { describe, expect, it } from 'vitest';
import { localDate } from '../time/localDate';
import {
  buildCtfXmlShape,
  checkCtfXmlShape,
  ctfFromXmlShape,
  formatCtfPath,
  type CtfExportInput,
} from './ctfDocument';

const input = (
  patch: Partial<CtfExportInput> = {},
  pupil: Record<string, unknown> = {},
): CtfExportInput => ({
  dateTime: '2025-10-06T09:30:00',
  source: { lea: '202', estab: '2001', name: 'Oakfield Primary' },
  dest: { lea: '203', estab: '4000' },
  pupils: [
    {
      pupilId: 'p1',
      upn: 'A123456789012',
      surname: 'Jones',
      forename: 'Ava',
      dateOfBirth: '2016-02-02',
      marks: [
        { date: localDate('2025-09-01'), part: 'AM', code: '/' },
        { date: localDate('2025-09-01'), part: 'PM', code: 'C1' },
      ],
      ...pupil,
    },
  ],
  ...patch,
});

const problems = (i: CtfExportInput) => {
  const built = buildCtfXmlShape(i);
  return built.ok ? [] : built.errors.map((e) => `${formatCtfPath(e.path)}: ${e.message}`);
};

describe('a CTF for a leaver', () => {
  it('holds the header, the pupil and a YearData per year, and reads back as written', () => {
    const built = buildCtfXmlShape(input());
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.value.CTfile.Header).toMatchObject({
      DocumentName: 'Common Transfer File',
      CTFversion: '25.0',
      DateTime: '2025-10-06T09:30:00',
      DocumentQualifier: 'partial',
      SupplierID: 'Tickmark',
      SourceSchool: {
        LEA: '202',
        Estab: '2001',
        SchoolName: 'Oakfield Primary',
        AcademicYear: '2025',
      },
      DestSchool: { LEA: '203', Estab: '4000' },
    });
    const read = ctfFromXmlShape(built.value);
    expect(read.pupils[0]?.years[0]).toMatchObject({
      year: 2025,
      sessionsPossible: 2,
      sessionsAttended: 1,
      sessionsAuthorised: 1,
    });
    expect(read.pupils[0]?.years[0]?.marks).toEqual(input().pupils[0]?.marks);
  });

  it('writes every value at its limit', () => {
    expect(
      problems(
        input(
          {
            source: { lea: '999', estab: '0000', name: 'S'.repeat(100) },
            dest: { lea: 'XXX', estab: 'XXXX' },
          },
          { surname: 'S'.repeat(35), forename: 'F'.repeat(35), dateOfBirth: '2025-10-05' },
        ),
      ),
    ).toEqual([]);
  });

  it.each<[string, Partial<CtfExportInput>, Record<string, unknown>, string]>([
    ['no UPN', {}, { upn: null }, 'CTfile.CTFpupilData.Pupil[0].UPN: The pupil has no UPN'],
    [
      'a 36-letter forename',
      {},
      { forename: 'F'.repeat(36) },
      'CTfile.CTFpupilData.Pupil[0].Forename: Forename',
    ],
    [
      'a school name of 101 characters',
      { source: { lea: '202', estab: '2001', name: 'S'.repeat(101) } },
      {},
      'CTfile.Header.SourceSchool.SchoolName',
    ],
    [
      'a destination LEA of 2 digits',
      { dest: { lea: '20', estab: '4000' } },
      {},
      'CTfile.Header.DestSchool.LEA',
    ],
    [
      'a DOB on the file day',
      {},
      { dateOfBirth: '2025-10-06' },
      'CTfile.CTFpupilData.Pupil[0].DOB',
    ],
    ['an hour of 24', { dateTime: '2025-10-06T24:00:00' }, {}, 'CTfile.Header.DateTime'],
  ])('refuses %s, naming the element', (_label, patch, pupil, expected) => {
    expect(problems(input(patch, pupil)).join('\n')).toContain(expected);
  });

  it('refuses more than 999 sessions in a year', () => {
    // A year has at most 366 × 2 sessions, so counts over 999 only come in files read.
    const shape = buildCtfXmlShape(input());
    if (!shape.ok) throw new Error('the base file must build');
    const tooMany = structuredClone(shape.value);
    const target = tooMany.CTfile.CTFpupilData.Pupil[0]?.Attendance?.YearData[0];
    if (target === undefined) throw new Error('no YearData');
    target.SessionsPossible = '1000';
    const checked = checkCtfXmlShape(tooMany);
    expect(checked.ok).toBe(false);
    if (!checked.ok)
      expect(checked.errors.map((e) => formatCtfPath(e.path))).toContain(
        'CTfile.CTFpupilData.Pupil[0].Attendance.YearData[0].SessionsPossible',
      );
  });
});
