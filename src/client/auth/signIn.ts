/**
 * The sign-in step as the screen uses it: ask the server, and on success enrol this tablet under
 * the device id the server gave. The PIN comes next (pinLock.ts).
 */
import type { AppDb } from '../db/appDb';
import { getMeta } from '../db/meta';
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
  const answer = await requestSignIn(
    {
      email: form.email,
      password: form.password,
      ...(deviceId === undefined ? {} : { deviceId }),
      ...(form.deviceLabel === undefined ? {} : { deviceLabel: form.deviceLabel }),
    },
    options,
  );
  if (!answer.ok) return answer;
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
