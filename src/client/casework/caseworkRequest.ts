/**
 * How the casework screens talk to the office server: always online, through `call` as the
 * unlocked person, with the app's `fetch`; every failure becomes a sentence the lead can act on.
 */
import { call, type ApiFailure, type ApiResult, type CallInput } from '../api/call';
import type { Endpoint, ResponseOut } from '../../shared/api/endpoint';
import type { SectionProps } from '../ui/sectionProps';

export type CaseworkEnv = Pick<SectionProps, 'staff' | 'fetch'>;

export const CASEWORK_OFFLINE_MESSAGE =
  'Casework needs a connection: cases are kept on the office server, and this device cannot reach it just now. Check the wifi, then try again.';

export function caseworkFailureMessage(error: ApiFailure): string {
  switch (error.kind) {
    case 'offline':
      return CASEWORK_OFFLINE_MESSAGE;
    case 'not_signed_in':
      return `${error.message} Casework is online only: sign in while connected, then come back here.`;
    case 'refused':
      return error.reason === 'forbidden'
        ? 'Only the attendance lead or an admin can open cases. Ask your attendance lead.'
        : error.message;
    case 'bad_response':
      return error.message;
  }
}

/** Calls a casework endpoint as the unlocked person. */
export function caseworkCall<E extends Endpoint>(
  env: CaseworkEnv,
  endpoint: E,
  input: CallInput<E>,
): Promise<ApiResult<ResponseOut<E>>> {
  return call(endpoint, input, {
    staffId: env.staff.staffId,
    ...(env.fetch === undefined ? {} : { fetch: env.fetch }),
  });
}

/** What a screen shows from a read: loading, the answer, or why there is none. */
export type Read<T> =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly value: T }
  | { readonly kind: 'failed'; readonly message: string };

/** A call's answer as a `Read`. */
export async function readOf<E extends Endpoint>(
  env: CaseworkEnv,
  endpoint: E,
  input: CallInput<E>,
): Promise<Read<ResponseOut<E>>> {
  const answer = await caseworkCall(env, endpoint, input);
  return answer.ok
    ? { kind: 'ready', value: answer.value }
    : { kind: 'failed', message: caseworkFailureMessage(answer.error) };
}
