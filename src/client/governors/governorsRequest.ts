/**
 * How the governors' screens talk to the office server: online only, through `call` as the
 * unlocked person, every failure turned into a sentence a governor or the lead can act on.
 */
import type { ApiFailure, CallOptions } from '../api/call';
import type { SectionProps } from '../ui/sectionProps';

export function asStaff(props: Pick<SectionProps, 'staff' | 'fetch'>): CallOptions {
  return {
    staffId: props.staff.staffId,
    ...(props.fetch === undefined ? {} : { fetch: props.fetch }),
  };
}

export function failureMessage(error: ApiFailure): string {
  switch (error.kind) {
    case 'offline':
      return `${error.message} The pack and the targets need a connection.`;
    case 'not_signed_in':
      return `${error.message} Sign in while connected, then come back here.`;
    case 'refused':
      return error.reason === 'forbidden'
        ? 'Only governors, the attendance lead and admins at this school can see this.'
        : error.message;
    case 'bad_response':
      return error.message;
  }
}
