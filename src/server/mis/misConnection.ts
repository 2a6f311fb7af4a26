/**
 * Which schools write to an MIS, and through which writer: from the server's settings
 * (`WONDE_SCHOOLS` names each school by its DfE number). Tests pass their own `makeWriter`.
 */
import type { Database } from '../db/database';
import type { MisSettings } from './misSettings';
import { createWondeWriter } from './wonde';
import type { MisWriter } from './misWriter';

export interface MisConnection {
  /** The first session date written. */
  readonly writeFrom: string;
  /** The school's writer, or null when the school does not write to an MIS. */
  writerFor(schoolId: string): Promise<MisWriter | null>;
  /** Every school that writes to an MIS, with its writer. */
  schools(): Promise<{ readonly schoolId: string; readonly writer: MisWriter }[]>;
}

const plain = (dfe: string): string => dfe.replace('/', '');

export function createMisConnection(
  db: Database,
  settings: MisSettings,
  makeWriter: (misSchoolId: string) => MisWriter = (misSchoolId) =>
    createWondeWriter({ baseUrl: settings.baseUrl, token: settings.token, schoolId: misSchoolId }),
): MisConnection {
  const bySchool = new Map([...settings.schools].map(([dfe, id]) => [plain(dfe), id]));
  // One writer per MIS school, kept: it holds the MIS's pupil and code lists between passes.
  const writers = new Map<string, MisWriter>();
  const writerOf = (misSchoolId: string): MisWriter => {
    let writer = writers.get(misSchoolId);
    if (writer === undefined) {
      writer = makeWriter(misSchoolId);
      writers.set(misSchoolId, writer);
    }
    return writer;
  };
  const connected = async () => {
    const result = await db.query<{ id: string; dfe_number: string | null }>(
      `SELECT id, dfe_number FROM school ORDER BY id`,
    );
    return result.rows.flatMap((r) => {
      const misSchoolId = r.dfe_number === null ? undefined : bySchool.get(plain(r.dfe_number));
      return misSchoolId === undefined ? [] : [{ schoolId: r.id, misSchoolId }];
    });
  };
  return {
    writeFrom: settings.writeFrom,
    async writerFor(schoolId) {
      const school = (await connected()).find((s) => s.schoolId === schoolId);
      return school === undefined ? null : writerOf(school.misSchoolId);
    },
    async schools() {
      return (await connected()).map((s) => ({
        schoolId: s.schoolId,
        writer: writerOf(s.misSchoolId),
      }));
    },
  };
}
