/**
 * The server's log: one JSON object a line (pino), so an operator can filter and count with any
 * log tool. Callers pass facts as fields and never anything about a pupil (docs/design.md,
 * "Logs"). Two nets catch what slips through: every field whose name says it holds personal data
 * or a secret is censored wherever it sits (REDACTED_PATHS), and request lines name the route
 * pattern rather than the concrete path or query, so ids and search terms in URLs stay out.
 *
 * Lines written while a request is being answered carry its `requestId` (requestContext below),
 * whichever logger object wrote them, so one answer's story can be read back from the log.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { pino } from 'pino';
import type { LogLevel } from './config';

/** Facts about an entry. An `err` field is written as type, message and stack. */
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
}

// Field names that hold pupil or staff data, or a credential. Censored at the top level and one
// level down (`req.*`, `pupil.*`), which is as deep as any caller nests fields.
const PERSONAL_OR_SECRET_KEYS = [
  'name',
  'forename',
  'surname',
  'legalForename',
  'legalSurname',
  'preferredForename',
  'preferredSurname',
  'upn',
  'dateOfBirth',
  'email',
  // A pupil's contacts (server/parents/): their numbers and any court order.
  'phone',
  'phones',
  'courtOrder',
  'reason',
  'note',
  'notes',
  'password',
  'pin',
  'token',
  'cookie',
  'authorization',
] as const;

/** Every path pino censors (exported for the test that proves each one matters). */
export const REDACTED_PATHS: readonly string[] = [
  ...PERSONAL_OR_SECRET_KEYS.flatMap((key) => [key, `*.${key}`]),
  // Request and response headers, logged at debug: the session and device cookies.
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  // PostgreSQL puts the offending row's values in an error's detail ("Key (upn)=(…)").
  'err.detail',
  'err.where',
];

const requestContext = new AsyncLocalStorage<LogFields>();

/**
 * Runs `fn` with `fields` (the request id) added to every line logged inside it, including lines
 * from work it starts that outlives the answer (an import job).
 */
export function withLogContext<T>(fields: LogFields, fn: () => T): T {
  return requestContext.run({ ...requestContext.getStore(), ...fields }, fn);
}

/**
 * Creates a logger that drops entries below `level`.
 *
 * @param write where each finished line goes (standard error by default, written synchronously
 *   so that nothing is lost when the process exits straight after logging).
 */
export function createLogger(level: LogLevel, write?: (line: string) => void): Logger {
  const destination =
    write === undefined
      ? pino.destination({ fd: 2, sync: true })
      : { write: (chunk: string) => write(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) };
  const log = pino(
    {
      level,
      base: null, // no pid or hostname: one process per server, and the host is the deployer's
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
      mixin: () => requestContext.getStore() ?? {},
    },
    destination,
  );
  const at =
    (entryLevel: Exclude<LogLevel, 'silent'>) =>
    (message: string, fields?: LogFields): void => {
      if (fields === undefined) log[entryLevel](message);
      else log[entryLevel](fields, message);
    };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

/** A logger that discards everything (tests). */
export const silentLogger: Logger = createLogger('silent', () => undefined);
