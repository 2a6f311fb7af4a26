/**
 * What the office server holds, asked over HTTP by a separate sign-in (the office's, on its own
 * "desktop"): every event of the school's log, and a pupil's entries with their whole history.
 * The tests check the tablets' marks here, never in the tablets' own databases.
 */
import type { LocalDate } from '../../../src/domain';
import {
  pupilEntriesResponseSchema,
  type PupilEntriesResponse,
} from '../../../src/shared/api/entrySchemas';
import { routePath, ROUTES } from '../../../src/shared/api/routes';
import { pullResponseSchema, type ServerEvent } from '../../../src/shared/api/syncSchemas';
import { Browser, expectStatus } from '../../process/httpClient';
import { DEMO_PASSWORD } from './schoolDay';

export const OFFICE_EMAIL = 'office@oakfield.example';

export class OfficeApi {
  private readonly http = new Browser();

  private constructor(private readonly origin: string) {}

  static async signIn(origin: string): Promise<OfficeApi> {
    const api = new OfficeApi(origin);
    const res = await api.http.post(origin, ROUTES.signIn, {
      email: OFFICE_EMAIL,
      password: DEMO_PASSWORD,
    });
    expectStatus(res, 200, 'office sign-in');
    return api;
  }

  /** Every event of the school's log on `date` (all statuses), pulled from the start. */
  async eventsOn(date: LocalDate): Promise<ServerEvent[]> {
    const events: ServerEvent[] = [];
    let after = 0;
    for (let page = 0; page < 1000; page += 1) {
      const res = await this.http.get(this.origin, `${ROUTES.syncPull}?after=${after}&limit=1000`);
      const body = pullResponseSchema.parse(expectStatus(res, 200, `pull after ${after}`));
      if (body.kind !== 'events') throw new Error(`pull answered reset: ${body.message}`);
      events.push(...body.events.filter((e) => e.session.date === date));
      if (!body.hasMore) return events;
      after = body.nextCursor;
    }
    throw new Error('The pull did not finish in 1000 pages.');
  }

  /** One pupil's entries on `date`, with every event recorded for them. */
  async entriesOf(pupilId: string, date: LocalDate): Promise<PupilEntriesResponse> {
    const path = `${routePath(ROUTES.pupilEntries, { id: pupilId })}?from=${date}&to=${date}`;
    const res = await this.http.get(this.origin, path);
    return pupilEntriesResponseSchema.parse(expectStatus(res, 200, `entries of ${pupilId}`));
  }
}

/**
 * Polls `read` until `isDone` holds of its answer (the tablets sync on their own timers), and
 * returns that answer; after `timeoutMs` returns the last answer so the test's own assertion
 * says what was wrong.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  isDone: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isDone(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
