/**
 * Builds the Hono app: the JSON API under /api/ and, optionally, the built PWA. Nothing here
 * listens on a port, so tests drive it with `app.request()`; main.ts adds the listener.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { health } from '../shared/api/endpoints/coreEndpoints';
import { registerDeviceRoutes } from './admin/deviceRoutes';
import { registerDataRoutes } from './data/dataRoutes';
import type { AppDeps } from './appDeps';
import { registerAuthRoutes } from './auth/authRoutes';
import { PRODUCTION_PASSWORD_PARAMS } from './auth/password';
import type { PasswordParams } from './auth/password';
import { DEFAULT_SIGN_IN_LIMITS } from './auth/rateLimit';
import type { SignInLimits } from './auth/rateLimit';
import { systemClock } from './clock';
import type { Clock } from './clock';
import type { Config } from './config';
import type { Database } from './db/database';
import { ApiError } from './http/apiError';
import type { AppEnv } from './http/appEnv';
import { createErrorHandler } from './http/errorHandler';
import { originCheck } from './http/originCheck';
import { assignRequestId, requestLog } from './http/requestLog';
import { securityHeaders } from './http/securityHeaders';
import { serveClient } from './http/staticClient';
import { checkDatabase } from './healthCheck';
import { createLogger } from './logger';
import { registerOfficeRoutes } from './office/officeRoutes';
import { registerReportRoutes } from './reports/reportsRoutes';
import { registerBenchmarkRoutes } from './reports/benchmarkRoutes';
import { upload as benchmarkUpload } from '../shared/api/endpoints/benchmarkEndpoints';
import { registerTripRoutes } from './trips/tripsRoutes';
import { registerCaseworkRoutes } from './casework/caseworkRoutes';
import { registerStatutoryRoutes } from './statutory/statutoryRoutes';
import { registerCaseworkImpactRoutes } from './casework/impactRoutes';
import { registerCtfRoutes } from './statutory/ctfRoutes';
import { registerSetupRoutes } from './setup/setupRoutes';
import { registerPupilRoutes } from './pupils/pupilRoutes';
import { registerSettingsRoutes } from './school/settingsRoutes';
import { registerSyncRoutes } from './sync/syncRoutes';
import { serveEndpoint } from './http/serveEndpoint';
import { registerOpenApiRoute } from './http/openApiRoute';
import type { Logger } from './logger';
import { registerAccountRoutes } from './accounts/accountRoutes';
import { createSmtpMailer } from './mail/mailer';
import type { Mailer } from './mail/mailer';
import { createEsendexSender } from './mail/esendex';
import type { SmsSender } from './mail/sms';
import { registerInboundMailRoute } from './parents/familyRoutes';
import { registerParentRoutes } from './parents/parentRoutes';
import { LEAVE_REQUEST_PATH, registerLeaveRoutes } from './parents/leaveRoutes';
import { createMisConnection, type MisConnection } from './mis/misConnection';
import { registerMisRoutes } from './mis/misRoutes';
import { registerGovernorRoutes } from './reports/governorRoutes';

/** Request bodies above this are refused with 413 (docs/design.md §7.3: about 1 MB). */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface CreateAppOptions {
  readonly config: Config;
  readonly db: Database;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Argon2 cost for hashes the server makes; tests pass a cheap one. */
  readonly passwordParams?: PasswordParams;
  readonly signInLimits?: SignInLimits;
  /** Folder of the built PWA to serve, or omitted to serve the API only. */
  readonly clientDir?: string;
  /** Default: an SMTP mailer from `config.smtp`, or none when it is not configured. */
  readonly mailer?: Mailer | null;
  /** Default: an Esendex sender from `config.sms`, or none when it is not configured. */
  readonly sms?: SmsSender | null;
  /** Default: the MIS connection from `config.mis`, or none when it is not configured. */
  readonly mis?: MisConnection | null;
}

/** The MIS connection the options give, or the one `config.mis` describes, or none. */
export function misConnectionOf(options: CreateAppOptions): MisConnection | null {
  if (options.mis !== undefined) return options.mis;
  return options.config.mis === null ? null : createMisConnection(options.db, options.config.mis);
}

/** Creates the app with its routes, middleware and error handling. */
export function createApp(options: CreateAppOptions): Hono<AppEnv> {
  const deps: AppDeps = {
    config: options.config,
    db: options.db,
    clock: options.clock ?? systemClock,
    logger: options.logger ?? createLogger(options.config.logLevel),
    passwordParams: options.passwordParams ?? PRODUCTION_PASSWORD_PARAMS,
    signInLimits: options.signInLimits ?? DEFAULT_SIGN_IN_LIMITS,
    mailer:
      options.mailer !== undefined
        ? options.mailer
        : options.config.smtp === null
          ? null
          : createSmtpMailer(options.config.smtp),
    sms:
      options.sms !== undefined
        ? options.sms
        : options.config.sms === null
          ? null
          : createEsendexSender(options.config.sms),
  };
  const app = new Hono<AppEnv>();
  app.onError(createErrorHandler(deps.logger));
  app.use('*', assignRequestId(), requestLog(deps.logger));
  // Before every route, so every answer carries them: pages, files, API answers, errors, 404s.
  app.use('*', securityHeaders(deps.config));
  // A new tablet's snapshot is megabytes of JSON and the app shell is hundreds of KB of JS, over
  // school wifi: gzip cuts both about five-fold (docs/benchmarks.md, bootstrap). Bodies carry no
  // secrets (sessions live in HttpOnly cookies, the Origin check replaces CSRF tokens), so
  // compression gives BREACH-style attacks nothing to guess at.
  app.use('*', compress());

  const apiBodyLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError('payload_too_large', {
        message: `The request is larger than ${MAX_BODY_BYTES / 1024} KB. Send less at a time.`,
      });
    },
  });
  // A leave request carries its evidence file (up to 5 MB) and an admin's DfE file is tens of
  // megabytes: their routes set their own limits.
  const ownLimits: readonly string[] = [LEAVE_REQUEST_PATH, benchmarkUpload.path];
  app.use('/api/*', (c, next) =>
    c.req.method === 'POST' && ownLimits.includes(c.req.path) ? next() : apiBodyLimit(c, next),
  );
  // A mail provider posts replies from its own servers, with no Origin: its proof is a shared secret.
  registerInboundMailRoute(app, deps);
  app.use('/api/*', originCheck(deps.config));

  serveEndpoint(app, deps, health, async () => {
    await checkDatabase(deps.db);
    return { status: 'ok' as const, database: deps.db.kind };
  });
  registerOpenApiRoute(app, deps);
  registerAuthRoutes(app, deps);
  registerDeviceRoutes(app, deps);
  registerSyncRoutes(app, deps);
  registerOfficeRoutes(app, deps);
  registerTripRoutes(app, deps);
  registerReportRoutes(app, deps);
  registerBenchmarkRoutes(app, deps);
  registerDataRoutes(app, deps);
  registerSetupRoutes(app, deps);
  registerSettingsRoutes(app, deps);
  registerAccountRoutes(app, deps);
  registerPupilRoutes(app, deps);
  registerParentRoutes(app, deps);
  registerCaseworkRoutes(app, deps);
  registerStatutoryRoutes(app, deps);
  registerLeaveRoutes(app, deps);
  registerCaseworkImpactRoutes(app, deps);
  registerCtfRoutes(app, deps);
  registerMisRoutes(app, deps, misConnectionOf(options));
  registerGovernorRoutes(app, deps);

  app.all('/api/*', () => {
    throw new ApiError('not_found', { message: 'There is no API endpoint at this address.' });
  });
  app.all('/api', () => {
    throw new ApiError('not_found', { message: 'There is no API endpoint at this address.' });
  });

  if (options.clientDir !== undefined) serveClient(app, options.clientDir);
  app.notFound((c) => c.text('Not found', 404));
  return app;
}
