/**
 * The server's fire roll call: the domain's rollCall over the session's current entries and the
 * day's sign-outs. The answer carries those sign-outs too, so the tablet can cache them and work
 * the roll call out again offline with the same function.
 */
import { rollCall, type LocalDate, type SessionPart } from '../../domain/index';
import type { RollCallResponse } from '../../shared/api/officeSchemas';
import type { Queryable } from '../db/database';
import { entriesOn } from './currentEntries';
import { pupilsOnRoll } from './officeSupport';
import { listSignOuts } from './signOuts';

export async function rollCallFor(
  db: Queryable,
  schoolId: string,
  session: { date: LocalDate; part: SessionPart },
  at: Date,
  now: Date,
): Promise<RollCallResponse> {
  const pupils = await pupilsOnRoll(db, schoolId, session.date);
  const entries = await entriesOn(db, schoolId, session.date, session.part);
  const signOuts = await listSignOuts(db, schoolId, session.date);
  const computed = rollCall({
    session,
    at: at.toISOString(),
    pupils: pupils.map((p) => ({
      id: p.id,
      name: p.sortName,
      groupId: p.groupId,
      groupName: p.groupName,
    })),
    entries,
    signOuts: signOuts.map((s) => ({ pupilId: s.pupilId, at: s.at, returnedAt: s.returnedAt })),
  });
  return {
    rollCall: {
      session: { date: computed.session.date, part: computed.session.part },
      at: computed.at,
      groups: computed.groups.map((g) => ({
        groupId: g.groupId,
        groupName: g.groupName,
        lines: g.lines.map((l) => ({ ...l })),
        counts: { ...g.counts },
      })),
      totals: { ...computed.totals },
    },
    signOuts,
    serverTime: now.toISOString(),
  };
}
