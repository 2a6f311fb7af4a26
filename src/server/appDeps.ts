/**
 * What every route needs, built once in createApp and passed down explicitly (no module-level
 * singletons), so each test can build an app on its own database with its own clock.
 */
import type { Clock } from './clock';
import type { Config } from './config';
import type { Database } from './db/database';
import type { Logger } from './logger';
import type { PasswordParams } from './auth/password';
import type { SignInLimits } from './auth/rateLimit';
import type { Mailer } from './mail/mailer';
import type { SmsSender } from './mail/sms';

export interface AppDeps {
  readonly config: Config;
  readonly db: Database;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Cost for hashes the server makes (the decoy hash for unknown emails). */
  readonly passwordParams: PasswordParams;
  readonly signInLimits: SignInLimits;
  /** Sends email through the school's SMTP server, or null when none is configured. */
  readonly mailer: Mailer | null;
  /** Sends texts through the school's SMS gateway, or null when none is configured. */
  readonly sms: SmsSender | null;
}
