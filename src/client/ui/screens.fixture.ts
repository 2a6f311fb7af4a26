/**
 * Shared pieces for the screen tests: the test roster with a real school configuration (the
 * data layer's fixture roster carries a placeholder one), staff profiles as the lock screen keeps
 * them, a fixed clock, and quick PIN hashing (the cost is tested in pinHash.test.ts; here it only
 * slows the suite down).
 */
import type { SessionResponse } from '../../shared/api/authSchemas';
import type { Roster } from '../../shared/api/syncSchemas';
import type { StaffProfile } from '../auth/deviceAuth';
import { updateDeviceAuth } from '../auth/deviceAuthStore';
import { hashPin, type PinHashOptions } from '../auth/pinHash';
import type { Clock } from '../clock';
import type { AppDb } from '../db/appDb';
import { ROSTER_ROW_ID } from '../db/rosterRow';
import { DEVICE_ID, ROSTER, TEACHER } from '../testSupport.fixture';
import { RAW_TEST_SCHOOL } from '../../domain/config/parsedSchool.fixture';

export const SCHOOL_ID = '00000000-0000-4000-8000-00000000f0a1';

/** Oakfield-like times: AM 08:45–09:15, PM 13:00–13:15, London, autumn 2025 with half term. */
/** The domain tests' small school, as its configuration is written. */
export const SCHOOL_CONFIG = RAW_TEST_SCHOOL;

export const TEST_ROSTER: Roster = { ...ROSTER, schoolConfig: SCHOOL_CONFIG };

/** Instants on Monday 8 September 2025 (London is on BST, UTC+1). */
export const LONDON = {
  /** 08:50 BST: the morning register is open. */
  amOpen: Date.parse('2025-09-08T07:50:00Z'),
  /** 08:55 BST: 10 minutes after the start. */
  amPlus10: Date.parse('2025-09-08T07:55:00Z'),
  /** 09:30 BST: the morning register has closed. */
  amClosed: Date.parse('2025-09-08T08:30:00Z'),
  /** 13:05 BST: the afternoon register is open. */
  pmOpen: Date.parse('2025-09-08T12:05:00Z'),
  /** Saturday 13 September, 10:00 BST. */
  saturday: Date.parse('2025-09-13T09:00:00Z'),
} as const;

export const fixedClock = (ms: number): Clock => ({ now: () => ms });

export const FAST_HASH: PinHashOptions = { iterations: 1_000 };

export async function putRoster(db: AppDb, roster: Roster = TEST_ROSTER): Promise<void> {
  await db.roster.put({ id: ROSTER_ROW_ID, roster });
}

export function profile(
  who: { staffId: string; name: string; role: StaffProfile['role'] },
  pin: StaffProfile['pin'],
  patch: Partial<StaffProfile> = {},
): StaffProfile {
  return {
    staffId: who.staffId,
    name: who.name,
    email: `${who.name.toLowerCase().replace(/\W+/g, '.')}@school.example`,
    schoolId: SCHOOL_ID,
    schoolName: 'Test Primary',
    role: who.role,
    signedInAt: '2025-09-01T07:00:00.000Z',
    pin,
    failedAttempts: 0,
    isLockedOut: false,
    ...patch,
  };
}

/** Stores profiles for the given people, each with `pin`, as if they had signed in here. */
export async function signedInHere(
  db: AppDb,
  people: readonly { staffId: string; name: string; role: StaffProfile['role'] }[],
  pin = '2468',
): Promise<StaffProfile[]> {
  const hash = await hashPin(pin, FAST_HASH);
  const profiles = people.map((p) => profile(p, hash));
  await updateDeviceAuth(db, (current) => ({ ...current, staff: profiles }));
  return profiles;
}

/** The server's answer to a teacher's sign-in. */
export function sessionAnswer(
  who: { staffId: string; name: string; role: StaffProfile['role'] } = TEACHER,
): SessionResponse {
  return {
    staff: { id: who.staffId, name: who.name, email: 'teacher@school.example' },
    roles: [{ schoolId: SCHOOL_ID, schoolName: 'Test Primary', role: who.role }],
    device: { id: DEVICE_ID },
    school: { id: SCHOOL_ID, name: 'Test Primary' },
    expiresAt: '2025-09-09T07:00:00.000Z',
  };
}

/** A fetch that answers every call with `status` and `body`, recording the requests. */
export function fakeFetch(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  calls: { url: string; init: RequestInit }[];
} {
  const calls: { url: string; init: RequestInit }[] = [];
  return {
    calls,
    fetch: (url, init) => {
      calls.push({ url, init });
      return Promise.resolve(
        new Response(JSON.stringify(body), {
          status,
          headers: { 'Content-Type': 'application/json', ...headers },
        }),
      );
    },
  };
}

/** A fetch that fails as if there were no network. */
export const offlineFetch = (): Promise<Response> =>
  Promise.reject(new TypeError('Failed to fetch'));
