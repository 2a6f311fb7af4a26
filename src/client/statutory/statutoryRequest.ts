/**
 * How the statutory screens talk to the office server: online only, through `call` as the
 * unlocked person, every failure turned into a sentence the office can act on.
 */
import { toSchoolWallClock } from '../../domain/index';
import type { ApiFailure, CallOptions } from '../api/call';
import type { SectionProps } from '../ui/sectionProps';

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

export function failureMessage(error: ApiFailure): string {
  switch (error.kind) {
    case 'offline':
      return `${error.message} Statutory returns need a connection: try again when this device is online.`;
    case 'not_signed_in':
      return `${error.message} Sign in while connected, then come back here.`;
    case 'refused':
      return error.reason === 'forbidden'
        ? 'Only the office, the attendance lead or an admin at this school can see statutory returns.'
        : error.message;
    case 'bad_response':
      return error.message;
  }
}

/** Today on the school's clock (England's registers run on London time). */
export function schoolToday(nowMs: number): string {
  return toSchoolWallClock(nowMs, 'Europe/London').date;
}

/** The census most likely wanted today: the one taken this term, or the next one to prepare. */
export function likelyCensus(today: string): {
  term: 'autumn' | 'spring' | 'summer';
  year: number;
} {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  if (month >= 9) return { term: 'autumn', year };
  if (month <= 4) return { term: 'spring', year: year - 1 };
  return { term: 'summer', year: year - 1 };
}
