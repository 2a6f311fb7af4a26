/**
 * What a report screen shows while its figures are not ready: progress with a Stop button, a plain
 * "reports need a connection" when offline, or the server's own message when it refused.
 */
import { useEffect } from 'react';
import type { ApiFailure } from '../api/call';
import type { ReportHandle } from './useReport';

export const OFFLINE_REPORT_MESSAGE =
  'Reports need a connection. They are worked out on the office server, and this device cannot reach it just now. Check the wifi, then press Try again.';

export function failureMessage(error: ApiFailure): string {
  switch (error.kind) {
    case 'offline':
      return OFFLINE_REPORT_MESSAGE;
    case 'not_signed_in':
      return `${error.message} Reports are online only, so sign in while connected to see them.`;
    case 'refused':
    case 'bad_response':
      return error.message;
  }
}

export function ReportStatus<T>({ handle }: { readonly handle: ReportHandle<T> }) {
  const { state, stop, retry } = handle;
  const isOffline = state.status === 'failed' && state.error.kind === 'offline';

  // When the connection comes back, try again without waiting to be asked.
  useEffect(() => {
    if (!isOffline) return undefined;
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, [isOffline, retry]);

  switch (state.status) {
    case 'idle':
    case 'done':
      return null;
    case 'loading':
      return (
        <div className="report-progress" role="status" aria-live="polite">
          <progress className="report-progress__bar" aria-label="Working out the report" />
          <p className="report-progress__what">{state.what}</p>
          <button type="button" className="button" onClick={stop}>
            Stop
          </button>
        </div>
      );
    case 'stopped':
      return (
        <div className="notice" role="status">
          <p>Stopped. Nothing was worked out.</p>
          <button type="button" className="button" onClick={retry}>
            Run again
          </button>
        </div>
      );
    case 'failed':
      return (
        <div className={`notice ${isOffline ? 'notice--warning' : 'notice--error'}`} role="alert">
          <p>{failureMessage(state.error)}</p>
          {state.error.kind !== 'refused' && (
            <button type="button" className="button" onClick={retry}>
              Try again
            </button>
          )}
        </div>
      );
  }
}
