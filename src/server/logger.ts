/**
 * A small levelled logger writing one line per entry. Callers pass facts as fields; nothing about a
 * pupil (names, codes, reasons) is ever logged (design.md §5), and request lines carry the route
 * pattern rather than the concrete path so that ids in URLs stay out of the log too.
 */
import type { LogLevel } from './config';

export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface Logger {
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
}

const RANK: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

/**
 * Creates a logger that drops entries below `level`.
 *
 * @param write where each finished line goes (standard error by default).
 */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Logger {
  const at =
    (entryLevel: Exclude<LogLevel, 'silent'>) =>
    (message: string, fields?: LogFields): void => {
      if (RANK[entryLevel] > RANK[level]) return;
      const extra =
        fields === undefined
          ? ''
          : Object.entries(fields)
              .filter(([, v]) => v !== undefined)
              .map(
                ([k, v]) =>
                  ` ${k}=${typeof v === 'string' && /\s/.test(v) ? JSON.stringify(v) : String(v)}`,
              )
              .join('');
      write(`${new Date().toISOString()} ${entryLevel.toUpperCase()} ${message}${extra}`);
    };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

/** A logger that discards everything (tests). */
export const silentLogger: Logger = createLogger('silent', () => undefined);
