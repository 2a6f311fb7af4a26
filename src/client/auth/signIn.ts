/**
 * The sign-in step as the screen uses it: ask the server, and on success enrol this tablet under
 * the device id the server gave. The PIN comes next (pinLock.ts).
 */
import type { AppDb } from '../db/appDb';
import { getMeta } from '../db/meta';
import { readDeviceAuth } from './deviceAuthStore';
import { completeSignIn, type SignedInStaff } from './pinLock';
import { requestSignIn, type FetchLike, type SignInFailure } from './signInRequest';

export type SignInOutcome =
  | { readonly ok: true; readonly staff: SignedInStaff }
  | { readonly ok: false; readonly error: SignInFailure };

export interface SignInForm {
  readonly email: string;
  readonly password: string;
  readonly deviceLabel?: string;
}

/** Signs in online and enrols the tablet. */
export async function signIn(
  db: AppDb,
  form: SignInForm,
  options: { readonly fetch?: FetchLike; readonly hasSignedInBefore: boolean },
): Promise<SignInOutcome> {
  const deviceId = await getMeta(db, 'deviceId');
  // Marks still to send belong to the tablet's school. A sign-in that moved the tablet to another
  // school would renumber them under a device of that school, which would refuse them all; so
  // while any wait, only someone with a role at the tablet's school may sign in here.
  const unsent = await db.outbox.where('status').equals('pending').count();
  const tabletSchool = (await readDeviceAuth(db)).staff[0];
  const keepSchool = unsent > 0 ? tabletSchool : undefined;
  const answer = await requestSignIn(
    {
      email: form.email,
      password: form.password,
      ...(deviceId === undefined ? {} : { deviceId }),
      ...(keepSchool === undefined ? {} : { schoolId: keepSchool.schoolId }),
      ...(form.deviceLabel === undefined ? {} : { deviceLabel: form.deviceLabel }),
    },
    options,
  );
  if (!answer.ok) {
    if (keepSchool === undefined || answer.error.kind !== 'refused') return answer;
    return {
      ok: false,
      error: {
        kind: 'refused',
        message: `This tablet still has ${unsent} ${unsent === 1 ? 'mark' : 'marks'} for ${keepSchool.schoolName} waiting to be sent, so only staff of ${keepSchool.schoolName} can sign in on it until they are sent. ${answer.error.message}`,
      },
    };
  }
  const staff = await completeSignIn(db, answer.value);
  if (staff === null) {
    return {
      ok: false,
      error: {
        kind: 'refused',
        message:
          'Your account does not have a role at this school yet. Ask your school’s Tickmark administrator to add one.',
      },
    };
  }
  return { ok: true, staff };
}
