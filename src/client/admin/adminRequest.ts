/**
 * How the admin screens talk to the office server: always online, through `call` (the tablet's
 * one typed client, src/client/api/call.ts), as the unlocked person (`staffId`) and with the app's
 * `fetch`, and every failure turned into a message an admin can act on. The admin screens never
 * queue anything: they need a connection.
 */
import type { Endpoint, ResponseOut } from '../../shared/api/endpoint';
import { call, type ApiFailure, type CallInput, type CallOptions } from '../api/call';
import type { SectionProps } from '../ui/sectionProps';

export const ADMIN_OFFLINE_MESSAGE =
  'The admin screens need a connection to the office server, and this device cannot reach it just now. Check the wifi, then try again.';

/** The options every admin request carries: who is asking, and the app's fetch. */
export function asStaff(
  props: Pick<SectionProps, 'staff' | 'fetch'>,
  options: Omit<CallOptions, 'staffId' | 'fetch'> = {},
): CallOptions {
  return {
    ...options,
    staffId: props.staff.staffId,
    ...(props.fetch === undefined ? {} : { fetch: props.fetch }),
  };
}

/** A failure as a sentence for the screen. */
export function adminFailureMessage(error: ApiFailure): string {
  switch (error.kind) {
    case 'offline':
      return error.message === ADMIN_OFFLINE_MESSAGE ||
        error.message.startsWith('The office server could not be reached')
        ? ADMIN_OFFLINE_MESSAGE
        : `${error.message} Try again in a minute.`;
    case 'not_signed_in':
      return `${error.message} The admin screens work online only: sign in while connected, then come back here.`;
    case 'refused':
      if (error.reason === 'forbidden') {
        return 'Only an admin at this school can do this. Ask your school’s Tickmark administrator.';
      }
      return error.message;
    case 'bad_response':
      return error.message;
  }
}

/** What a panel shows when its read failed. */
export interface AdminReadFailed {
  readonly kind: 'failed';
  readonly message: string;
}

/**
 * Reads an endpoint that takes no input, as the admin, for a panel: `ready` makes what the panel
 * shows from the answer; a failure comes back as a sentence.
 */
export async function adminRead<E extends Endpoint & CallInputless, T>(
  endpoint: E,
  props: Pick<SectionProps, 'staff' | 'fetch'>,
  ready: (value: ResponseOut<E>) => T,
): Promise<T | AdminReadFailed> {
  const answer = await call(endpoint, {} as CallInput<E>, asStaff(props));
  return answer.ok
    ? ready(answer.value)
    : { kind: 'failed', message: adminFailureMessage(answer.error) };
}

/** An endpoint with no path parameters, query or body. */
interface CallInputless {
  readonly params?: undefined;
  readonly query?: undefined;
  readonly body?: undefined;
}
