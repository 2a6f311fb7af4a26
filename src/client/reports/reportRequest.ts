/**
 * One report request on the office server, ready for useReport and for the server's CSV: the
 * report's endpoint (src/shared/api/endpoints/reportEndpoints.ts) called with `call`, as the
 * person unlocked on this device.
 */
import type { Endpoint, ResponseOut } from '../../shared/api/endpoint';
import { fillPath } from '../../shared/api/endpoint';
import { call, callCsv, type CallInput, type CallOptions } from '../api/call';
import type { CsvSource } from './DataTable';
import { queryKey } from './rangeQuery';
import type { ReportEnv } from './reportScope';
import type { ReportRequest } from './useReport';

/** A report whose list also answers as CSV (`?format=csv`). */
type CsvEndpoint = Endpoint & { readonly response: { readonly csv: true } };

function optionsOf(env: ReportEnv): CallOptions {
  return { staffId: env.staff.staffId, ...(env.fetch === undefined ? {} : { fetch: env.fetch }) };
}

export function reportRequest<E extends Endpoint>(
  env: ReportEnv,
  endpoint: E,
  input: CallInput<E>,
  what: string,
): ReportRequest<ResponseOut<E>> {
  const params = (input.params ?? {}) as Readonly<Record<string, string>>;
  const query = (input.query ?? {}) as Readonly<Record<string, string | number | boolean>>;
  return {
    key: `${fillPath(endpoint.path, params)}?${queryKey(query)}`,
    what,
    run: (signal) => call(endpoint, input, { ...optionsOf(env), signal }),
  };
}

/** The server's CSV of the same list (`?format=csv`, same query). */
export function serverCsv<E extends CsvEndpoint>(
  env: ReportEnv,
  endpoint: E,
  input: CallInput<E>,
): CsvSource {
  return { kind: 'server', load: () => callCsv(endpoint, input, optionsOf(env)) };
}
