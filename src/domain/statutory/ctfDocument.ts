/**
 * The Common Transfer File as its XML elements hold it (docs/statutory.md "CTF"): one zod schema
 * checks a file Tickmark is about to write and a file it has been given, so both refuse the same
 * values with the same words. Every value is text, as in the XML; counts become numbers in
 * `ctfFromXmlShape`. Issues carry the path of elements (`CTFpupilData.Pupil[0].UPN`), which the
 * server turns into a line of the file.
 */
import { z } from 'zod';
import { fail, ok, type Result } from '../result';
import { parseLocalDate, type LocalDate } from '../time/localDate';
import {
  CTF_DOCUMENT_NAME,
  CTF_LIMITS,
  CTF_SUPPLIER_ID,
  CTF_VERSION,
  CTF_VERSIONS_READ,
  checkCtfDate,
  checkCtfDateTime,
  checkDateOfBirth,
  checkDestination,
  checkEstab,
  checkLea,
  checkPersonName,
  checkSchoolName,
  checkSessionCount,
  checkUpn,
} from './ctfRules';
import { academicYearOf } from '../calendar/schoolAge';
import {
  ctfYearData,
  decodeCtfMarks,
  type CtfMark,
  type CtfSchoolRef,
  type CtfYearData,
} from './ctfMarks';

type Check = (value: string) => string | null;

/** A text element whose value passes `check`. */
const text = (check: Check) =>
  z.string({ error: 'is missing' }).superRefine((value, ctx) => {
    const problem = check(value);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

const count = (field: string) =>
  text((v) =>
    /^[0-9]{1,3}$/.test(v)
      ? checkSessionCount(Number(v), field)
      : `${field} must be a whole number of sessions from 0 to ${CTF_LIMITS.sessionCountMax}, not "${v}".`,
  );

const yearText = text((v) =>
  /^20[0-9]{2}$/.test(v)
    ? null
    : `Year must be the academic year's first year (4 digits, e.g. 2025), not "${v}".`,
);

const schoolRef = z.object({
  LEA: text((v) => checkLea(v)),
  Estab: text((v) => checkEstab(v)),
  SchoolName: text((v) => checkSchoolName(v)),
});

const yearDataSchema = z
  .object({
    Year: yearText,
    LEA: text((v) => checkLea(v)),
    Estab: text((v) => checkEstab(v)),
    SchoolName: text((v) => checkSchoolName(v)),
    SessionsPossible: count('SessionsPossible'),
    SessionsAuthorised: count('SessionsAuthorised'),
    SessionsAttended: count('SessionsAttended'),
    SessionsUnauthorised: count('SessionsUnauthorised'),
    AttendSessions: z.object({
      AttendanceStartDate: text((v) => checkCtfDate(v, 'AttendanceStartDate')),
      AttendanceMarks: z.string({ error: 'is missing' }),
    }),
  })
  .superRefine((y, ctx) => {
    const [possible, attended, auth, unauth] = [
      y.SessionsPossible,
      y.SessionsAttended,
      y.SessionsAuthorised,
      y.SessionsUnauthorised,
    ].map(Number);
    if ((attended ?? 0) + (auth ?? 0) + (unauth ?? 0) > (possible ?? 0))
      ctx.addIssue({
        code: 'custom',
        path: ['SessionsPossible'],
        message: `SessionsAttended, SessionsAuthorised and SessionsUnauthorised add up to more than SessionsPossible (${y.SessionsPossible}).`,
      });
    const decoded = decodeCtfMarks(
      Number(y.Year),
      y.AttendSessions.AttendanceStartDate,
      y.AttendSessions.AttendanceMarks,
    );
    if (!decoded.ok)
      for (const message of decoded.errors)
        ctx.addIssue({ code: 'custom', path: ['AttendSessions', 'AttendanceMarks'], message });
  });

const pupilSchema = z.object({
  UPN: text(checkUpn),
  Surname: text((v) => checkPersonName(v, 'Surname')),
  Forename: text((v) => checkPersonName(v, 'Forename')),
  DOB: text((v) => checkCtfDate(v, 'DOB')),
  Sex: z.enum(['M', 'F'], { error: 'Sex must be M or F.' }).optional(),
  Attendance: z.object({ YearData: z.array(yearDataSchema) }).optional(),
});

const headerSchema = z.object({
  DocumentName: text((v) =>
    v === CTF_DOCUMENT_NAME ? null : `DocumentName must be "${CTF_DOCUMENT_NAME}", not "${v}".`,
  ),
  CTFversion: text((v) =>
    CTF_VERSIONS_READ.includes(v)
      ? null
      : `CTFversion "${v}" is not one Tickmark reads (${CTF_VERSIONS_READ.join(', ')}). Ask the sending school for a file of a current version.`,
  ),
  DateTime: text(checkCtfDateTime),
  DocumentQualifier: text((v) =>
    v === 'full' || v === 'partial'
      ? null
      : `DocumentQualifier must be "full" or "partial", not "${v}".`,
  ),
  DataDescriptor: z.string().optional(),
  SupplierID: text((v) =>
    v.length >= 1 && v.length <= CTF_LIMITS.supplierIdMax
      ? null
      : `SupplierID must have 1 to ${CTF_LIMITS.supplierIdMax} characters.`,
  ),
  SourceSchool: schoolRef.extend({ AcademicYear: yearText }),
  DestSchool: z
    .object({
      LEA: z.string({ error: 'is missing' }),
      Estab: z.string({ error: 'is missing' }),
      SchoolName: z.string().optional(),
    })
    .superRefine((d, ctx) => {
      const problem = checkDestination(d.LEA, d.Estab);
      if (problem !== null) ctx.addIssue({ code: 'custom', path: ['LEA'], message: problem });
      if (d.SchoolName !== undefined) {
        const name = checkSchoolName(d.SchoolName);
        if (name !== null) ctx.addIssue({ code: 'custom', path: ['SchoolName'], message: name });
      }
    }),
});

export const ctfXmlShapeSchema = z
  .object({
    CTfile: z.object({
      Header: headerSchema,
      CTFpupilData: z.object({ Pupil: z.array(pupilSchema).min(1, 'holds no pupil') }),
    }),
  })
  .superRefine((doc, ctx) => {
    const fileDate = doc.CTfile.Header.DateTime.slice(0, 10);
    if (parseLocalDate(fileDate) === null) return;
    doc.CTfile.CTFpupilData.Pupil.forEach((p, i) => {
      if (checkCtfDate(p.DOB, 'DOB') !== null) return;
      const problem = checkDateOfBirth(p.DOB, fileDate as LocalDate);
      if (problem !== null)
        ctx.addIssue({
          code: 'custom',
          path: ['CTfile', 'CTFpupilData', 'Pupil', i, 'DOB'],
          message: problem,
        });
    });
  });

/** The file as its elements hold it: text everywhere, lists where an element repeats. */
export type CtfXmlShape = z.infer<typeof ctfXmlShapeSchema>;

export interface CtfIssue {
  /** Element path, e.g. `CTfile.CTFpupilData.Pupil[0].UPN`. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** Where an issue is, as people read it: `CTFpupilData.Pupil[1].UPN`. */
export function formatCtfPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** Checks a file's elements; the issues name each element that is wrong. */
export function checkCtfXmlShape(value: unknown): Result<CtfXmlShape, CtfIssue> {
  const parsed = ctfXmlShapeSchema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  return fail(
    ...parsed.error.issues.map((issue) => ({
      path: issue.path.filter((s): s is string | number => typeof s !== 'symbol'),
      message:
        issue.code === 'custom' || !issue.message.startsWith('is missing')
          ? issue.message
          : `${String(issue.path[issue.path.length - 1] ?? 'An element')} is missing.`,
    })),
  );
}

/** A year at the previous school as its CTF gave it: the counts and each session mark. */
export interface CtfHistoryYear extends Omit<
  CtfYearData,
  'attendanceStartDate' | 'attendanceMarks'
> {
  readonly marks: readonly CtfMark[];
}

export interface CtfReadPupil {
  readonly upn: string;
  readonly surname: string;
  readonly forename: string;
  readonly dateOfBirth: LocalDate;
  readonly years: readonly CtfHistoryYear[];
}

export interface CtfRead {
  readonly version: string;
  readonly dateTime: string;
  readonly source: { readonly lea: string; readonly estab: string; readonly name: string };
  readonly dest: { readonly lea: string; readonly estab: string };
  readonly pupils: readonly CtfReadPupil[];
}

/** The checked file as Tickmark uses it: numbers, dates and each year's marks. */
export function ctfFromXmlShape(shape: CtfXmlShape): CtfRead {
  const h = shape.CTfile.Header;
  return {
    version: h.CTFversion,
    dateTime: h.DateTime,
    source: {
      lea: h.SourceSchool.LEA,
      estab: h.SourceSchool.Estab,
      name: h.SourceSchool.SchoolName,
    },
    dest: { lea: h.DestSchool.LEA, estab: h.DestSchool.Estab },
    pupils: shape.CTfile.CTFpupilData.Pupil.map((p) => ({
      upn: p.UPN,
      surname: p.Surname,
      forename: p.Forename,
      dateOfBirth: p.DOB as LocalDate,
      years: (p.Attendance?.YearData ?? []).map((y) => {
        const year = Number(y.Year);
        const decoded = decodeCtfMarks(
          year,
          y.AttendSessions.AttendanceStartDate,
          y.AttendSessions.AttendanceMarks,
        );
        return {
          year,
          lea: y.LEA,
          estab: y.Estab,
          schoolName: y.SchoolName,
          sessionsPossible: Number(y.SessionsPossible),
          sessionsAuthorised: Number(y.SessionsAuthorised),
          sessionsAttended: Number(y.SessionsAttended),
          sessionsUnauthorised: Number(y.SessionsUnauthorised),
          marks: decoded.ok ? decoded.value : [],
        };
      }),
    })),
  };
}

export interface CtfLeaver {
  readonly pupilId: string;
  readonly upn: string | null;
  readonly surname: string;
  readonly forename: string;
  readonly dateOfBirth: string;
  readonly marks: readonly CtfMark[];
}

export interface CtfExportInput {
  /** The school's wall clock when the file is made, `yyyy-mm-ddThh:mm:ss`. */
  readonly dateTime: string;
  readonly source: CtfSchoolRef;
  readonly dest: { readonly lea: string; readonly estab: string; readonly name?: string };
  readonly pupils: readonly CtfLeaver[];
}

/**
 * The elements of a CTF for leavers, checked: every value the specification constrains is
 * checked here, before a byte is written. Issues name the element and say how to fix it.
 */
export function buildCtfXmlShape(input: CtfExportInput): Result<CtfXmlShape, CtfIssue> {
  const issues: CtfIssue[] = [];
  const pupils = input.pupils.map((p, i) => {
    const years = ctfYearData(input.source, p.pupilId, p.marks);
    if (!years.ok)
      for (const message of years.errors)
        issues.push({ path: ['CTfile', 'CTFpupilData', 'Pupil', i, 'Attendance'], message });
    const yearData = (years.ok ? years.value : []).map((y) => ({
      Year: String(y.year),
      LEA: y.lea,
      Estab: y.estab,
      SchoolName: y.schoolName,
      SessionsPossible: String(y.sessionsPossible),
      SessionsAuthorised: String(y.sessionsAuthorised),
      SessionsAttended: String(y.sessionsAttended),
      SessionsUnauthorised: String(y.sessionsUnauthorised),
      AttendSessions: {
        AttendanceStartDate: y.attendanceStartDate,
        AttendanceMarks: y.attendanceMarks,
      },
    }));
    return {
      UPN: p.upn ?? '',
      Surname: p.surname,
      Forename: p.forename,
      DOB: p.dateOfBirth,
      ...(yearData.length > 0 ? { Attendance: { YearData: yearData } } : {}),
    };
  });
  const shape = {
    CTfile: {
      Header: {
        DocumentName: CTF_DOCUMENT_NAME,
        CTFversion: CTF_VERSION,
        DateTime: input.dateTime,
        DocumentQualifier: 'partial',
        SupplierID: CTF_SUPPLIER_ID,
        SourceSchool: {
          LEA: input.source.lea,
          Estab: input.source.estab,
          SchoolName: input.source.name,
          AcademicYear: String(academicYearOf(input.dateTime.slice(0, 10) as LocalDate)),
        },
        DestSchool: {
          LEA: input.dest.lea,
          Estab: input.dest.estab,
          ...(input.dest.name !== undefined && input.dest.name !== ''
            ? { SchoolName: input.dest.name }
            : {}),
        },
      },
      CTFpupilData: { Pupil: pupils },
    },
  };
  const checked = checkCtfXmlShape(shape);
  if (!checked.ok) issues.push(...checked.errors);
  return issues.length > 0 || !checked.ok ? fail(...issues) : ok(checked.value);
}
