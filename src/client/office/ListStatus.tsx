/**
 * What an office list says about where it came from: nothing when it is fresh, "You are offline;
 * this list is from 09:12" when it is the device's older copy, and why it cannot be shown when
 * there is no copy at all.
 */
import type { ReactNode } from 'react';
import type { ApiFailure } from '../api/call';
import type { OnlineList } from './useOnlineList';
import { formatInstant } from './officeFormat';

export interface ListStatusProps<T> {
  readonly list: OnlineList<T>;
  readonly timeZone: string;
  /** What the list is, for the messages: "the chase list". */
  readonly what: string;
  readonly onRetry: () => void;
  /** Shown once the list is ready. */
  readonly children: (value: T) => ReactNode;
}

export function ListStatus<T>({ list, timeZone, what, onRetry, children }: ListStatusProps<T>) {
  if (list.kind === 'loading') return <p className="notice">Loading {what}…</p>;
  if (list.kind === 'failed') {
    return (
      <div className="notice notice--warning" role="status">
        <p>{failureText(list.problem, what)}</p>
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  }
  return (
    <>
      {list.problem !== null && (
        <div className="notice notice--warning office-stale" role="status">
          <p>
            {list.problem.kind === 'offline'
              ? `You are offline; this list is from ${formatInstant(list.fetchedAt, timeZone)}.`
              : `${list.problem.message} This list is from ${formatInstant(list.fetchedAt, timeZone)}.`}
          </p>
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        </div>
      )}
      {children(list.value)}
    </>
  );
}

export function failureText(problem: ApiFailure, what: string): string {
  switch (problem.kind) {
    case 'offline':
      return `You are offline, and ${what} needs a connection: this device has no copy of it yet. Connect and try again.`;
    case 'not_signed_in':
      return `${problem.message} ${capitalise(what)} comes from the office server.`;
    default:
      return problem.message;
  }
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
