/**
 * The census's attendance module as XML (docs/statutory.md, "Census"), in the structure of the
 * census message: a header naming the collection, term, year and reference date, the school's
 * LAESTAB, then each pupil's identifiers and attendance. Pupils on roll on the census day go under
 * `PupilsOnRoll`, leavers since under `PupilsNoLongerOnRoll`. Each period carries
 * `SessionsPossible` and one `SessionDetail` per absence reason (`AttendanceReason`,
 * `AbsenceSessions`); the authorised and unauthorised totals are given instead only when there is
 * no reason to detail (no absence). The autumn census's second half of the summer term is
 * `SummerHalfTerm2Attendance`. Written with fast-xml-parser's builder, which escapes text.
 */
import { XMLBuilder } from 'fast-xml-parser';
import { CENSUS_TERM_CODES, type CensusFigures, type CensusModule } from '../../domain/index';

export interface CensusXmlSchool {
  /** The DfE number (LA code and establishment number), or null when the school has none. */
  readonly laestab: string | null;
  readonly name: string;
}

function periodXml(f: CensusFigures): Record<string, unknown> {
  if (f.reasons.length === 0)
    return {
      SessionsPossible: f.possible,
      SessionsAuthorised: f.authorised,
      SessionsUnauthorised: f.unauthorised,
    };
  return {
    SessionsPossible: f.possible,
    SessionDetails: {
      SessionDetail: f.reasons.map((r) => ({
        AttendanceReason: r.code,
        AbsenceSessions: r.sessions,
      })),
    },
  };
}

/** The module as an XML document (UTF-8). */
export function censusXml(
  module: CensusModule,
  school: CensusXmlSchool,
  generatedAt: Date,
): string {
  const { collection } = module;
  const pupil = (m: CensusModule['pupils'][number]) => {
    const attendance: Record<string, unknown> = {};
    module.collection.periods.forEach((p, i) => {
      const f = m.periods[i];
      if (f === undefined) return;
      attendance[p.part === 'termly' ? 'TermlyAttendance' : 'SummerHalfTerm2Attendance'] =
        periodXml(f);
    });
    return {
      PupilIdentifiers: {
        UPN: m.pupil.upn ?? '',
        Surname: m.pupil.legalSurname,
        Forename: m.pupil.legalForename,
        DOB: m.pupil.dateOfBirth,
      },
      PupilStatus: {
        EntryDate: m.pupil.onRollFrom,
        ...(m.pupil.onRollTo === null ? {} : { LeavingDate: m.pupil.onRollTo }),
      },
      Attendance: attendance,
    };
  };
  const onRoll = module.pupils.filter((m) => m.onRollOnCensusDay);
  const leavers = module.pupils.filter((m) => !m.onRollOnCensusDay);
  const laestab = school.laestab?.replace(/\D/g, '') ?? '';
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    Message: {
      Header: {
        CollectionDetails: {
          Collection: 'School Census',
          Term: CENSUS_TERM_CODES[collection.term],
          Year: collection.academicYear + (collection.term === 'autumn' ? 0 : 1),
          ReferenceDate: collection.censusDay,
        },
        Source: {
          SoftwareCode: 'Tickmark',
          Release: 'attendance module',
          SerialNo: 1,
          DateTime: generatedAt.toISOString().slice(0, 19),
        },
        Content: 'Attendance module only',
      },
      SchoolLevel: {
        SchoolInformation: {
          LA: laestab.slice(0, 3),
          Estab: laestab.slice(3),
          SchoolName: school.name,
        },
      },
      Pupils: {
        PupilsOnRoll: { PupilOnRoll: onRoll.map(pupil) },
        ...(leavers.length === 0
          ? {}
          : { PupilsNoLongerOnRoll: { PupilNoLongerOnRoll: leavers.map(pupil) } }),
      },
    },
  };
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    format: true,
    indentBy: '  ',
    suppressEmptyNode: false,
  });
  return builder.build(document) as string;
}
