/**
 * The sync API over fetch. Every answer is parsed with the shared schemas before anything else
 * sees it, and every failure becomes a typed value the engine can act on:
 *
 * | answer                           | result                                          |
 * | -------------------------------- | ----------------------------------------------- |
 * | 2xx that parses                  | `ok`                                            |
 * | 2xx that does not parse          | `bad_response` (a server/client mismatch)       |
 * | 401                              | `not_signed_in`                                 |
 * | 409 `sequence_gap`               | `sequence_gap` with the `expected` clientSeq    |
 * | 422 `events_rejected`            | `events_rejected` with the refused events       |
 * | 413                              | `too_large` (send a smaller batch)              |
 * | other 4xx (and the two above     | `refused` with the server's reason and message  |
 * | without their details)           |                                                 |
 * | 5xx, 429, network error, timeout | `transient` (retry with backoff)                |
 *
 * Cookies are HttpOnly, so requests carry `credentials: 'same-origin'` and never a token.
 */
import { z } from 'zod';
import type { ApiErrorReason } from '../../shared/api/apiErrors';
import { syncPull, syncPush, syncSnapshot } from '../../shared/api/endpoints/coreEndpoints';
import {
  eventsRejectedDetailsSchema,
  type EventsRejectedDetails,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type SnapshotResponse,
} from '../../shared/api/syncSchemas';
import { call, type ApiFailure, type ApiResult, type FetchLike } from '../api/call';

export type { FetchLike } from '../api/call';

export type SyncFailure =
  | { readonly kind: 'transient'; readonly status: number | null; readonly message: string }
  | { readonly kind: 'not_signed_in'; readonly message: string }
  | { readonly kind: 'sequence_gap'; readonly expected: number; readonly message: string }
  | {
      readonly kind: 'events_rejected';
      readonly details: EventsRejectedDetails;
      readonly message: string;
    }
  | { readonly kind: 'too_large'; readonly message: string }
  | {
      readonly kind: 'refused';
      readonly status: number;
      readonly reason: string;
      readonly message: string;
    }
  | { readonly kind: 'bad_response'; readonly status: number; readonly message: string };

export type SyncResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: SyncFailure };

export interface PullParams {
  readonly after: number;
  readonly limit?: number;
  readonly epoch?: string;
  readonly rosterVersion: number;
}

export interface SyncClient {
  push(request: PushRequest): Promise<SyncResult<PushResponse>>;
  pull(params: PullParams): Promise<SyncResult<PullResponse>>;
  snapshot(): Promise<SyncResult<SnapshotResponse>>;
}

export interface SyncClientOptions {
  /** Prefix for the API paths: '' (same origin, the default) or an absolute origin in tests. */
  readonly baseUrl?: string;
  readonly fetch?: FetchLike;
  /** A request that takes longer is abandoned and counted as transient. */
  readonly timeoutMs?: number;
}

const gapDetailsSchema = z.object({ expected: z.int().min(1) });

const SEQUENCE_GAP: ApiErrorReason = 'sequence_gap';
const EVENTS_REJECTED: ApiErrorReason = 'events_rejected';

const NETWORK_MESSAGE = 'The office server could not be reached. Marks are kept on this tablet.';

/** The sync API through the one client (api/call.ts), with the sync protocol's failures. */
export function createSyncClient(options: SyncClientOptions = {}): SyncClient {
  const callOptions = {
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    timeoutMs: options.timeoutMs ?? 30_000,
  };
  const syncResult = <T>(result: ApiResult<T>): SyncResult<T> =>
    result.ok ? result : { ok: false, error: syncFailureOf(result.error) };

  return {
    push: async (request) => syncResult(await call(syncPush, { body: request }, callOptions)),
    pull: async (params) =>
      syncResult(
        await call(
          syncPull,
          {
            query: {
              after: params.after,
              rosterVersion: params.rosterVersion,
              ...(params.limit === undefined ? {} : { limit: params.limit }),
              ...(params.epoch === undefined ? {} : { epoch: params.epoch }),
            },
          },
          callOptions,
        ),
      ),
    snapshot: async () => syncResult(await call(syncSnapshot, {}, callOptions)),
  };
}

/** The one client's failure, read as the sync protocol's (the table above). */
export function syncFailureOf(error: ApiFailure): SyncFailure {
  switch (error.kind) {
    case 'offline':
      return {
        kind: 'transient',
        status: error.status ?? null,
        message: error.status === undefined ? NETWORK_MESSAGE : error.message,
      };
    case 'not_signed_in':
      return { kind: 'not_signed_in', message: error.message };
    case 'bad_response':
      return { kind: 'bad_response', status: error.status ?? 200, message: error.message };
    case 'refused':
      return refusalOf(error);
  }
}

function refusalOf(error: Extract<ApiFailure, { kind: 'refused' }>): SyncFailure {
  const { status, reason, message, details } = error;
  if (status === 409 && reason === SEQUENCE_GAP) {
    const gap = gapDetailsSchema.safeParse(details);
    if (gap.success) return { kind: 'sequence_gap', expected: gap.data.expected, message };
  }
  if (status === 422 && reason === EVENTS_REJECTED) {
    const rejected = eventsRejectedDetailsSchema.safeParse(details);
    if (rejected.success) return { kind: 'events_rejected', details: rejected.data, message };
  }
  if (status === 413) return { kind: 'too_large', message };
  return {
    kind: 'refused',
    status,
    reason: reason === 'unknown' ? `http_${status}` : reason,
    message,
  };
}
