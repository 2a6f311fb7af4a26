/**
 * `npm run cli -- setup`: the first-run setup from the command line, for whoever runs the
 * server (they hold its database, so no setup token is asked for). The same checks and the same
 * transaction as the setup page (setup/runSetup.ts); the password never comes from an argument,
 * which would sit in the shell history and the process list.
 */
import { setupRequestSchema } from '../../shared/api/setupSchemas';
import type { PasswordParams } from '../auth/password';
import type { Database } from '../db/database';
import { ApiError } from '../http/apiError';
import { runSetup } from '../setup/runSetup';
import { CliError } from './commands';

export interface SetupOptions {
  readonly org?: string | undefined;
  readonly school?: string | undefined;
  readonly urn?: string | undefined;
  readonly la?: string | undefined;
  readonly estab?: string | undefined;
  readonly tz?: string | undefined;
  readonly 'admin-email'?: string | undefined;
  readonly 'admin-name'?: string | undefined;
}

export interface SetupIo {
  out(line: string): void;
  err(line: string): void;
  now(): Date;
  /** The admin's password: from TICKMARK_ADMIN_PASSWORD, a hidden prompt, or standard input. */
  readPassword(): Promise<string>;
  readonly passwordParams: PasswordParams;
}

/** Where each request field comes from on the command line, for the error messages. */
const OPTION_OF: Readonly<Record<string, string>> = {
  'organisation.name': '--org',
  'school.name': '--school',
  'school.urn': '--urn',
  'school.laNumber': '--la',
  'school.establishmentNumber': '--estab',
  'school.timeZone': '--tz',
  'admin.email': '--admin-email',
  'admin.name': '--admin-name',
  'admin.password': 'The password',
};

const requestSchema = setupRequestSchema.omit({ token: true });

export async function setupCommand(
  db: Database,
  options: SetupOptions,
  io: SetupIo,
): Promise<number> {
  const raw = {
    organisation:
      options.org === undefined ? { kind: 'school' } : { kind: 'trust', name: options.org },
    school: {
      name: options.school,
      urn: options.urn,
      laNumber: options.la,
      establishmentNumber: options.estab,
      timeZone: options.tz ?? 'Europe/London',
    },
    admin: {
      name: options['admin-name'],
      email: options['admin-email'],
      password: await io.readPassword(),
    },
  };
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CliError(
      parsed.error.issues
        .map((issue) => {
          const path = issue.path.map(String).join('.');
          const message =
            issue.code === 'invalid_type' && issue.input === undefined
              ? 'is required'
              : issue.message;
          return `${OPTION_OF[path] ?? path} ${message}.`;
        })
        .join('\n'),
    );
  }
  try {
    const result = await runSetup(db, parsed.data, {
      token: null,
      now: io.now(),
      passwordParams: io.passwordParams,
    });
    io.out(
      `Set up ${result.organisation.name}: school ${result.school.name} (${result.school.id}).`,
    );
    io.out(`${result.admin.email} can now sign in as its admin.`);
    return 0;
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    io.err(err.message);
    return 1;
  }
}
