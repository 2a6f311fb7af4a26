/**
 * The Esendex SMS gateway (a UK provider many schools use), through its REST API as published:
 * `POST {base}/v1.0/messagedispatcher` with HTTP Basic authentication (the account's username and
 * API password) and a JSON body `{ "accountreference": "EX…", "messages": [{ "to", "body" }] }`;
 * it answers 200 with `{ "batch": { "batchid", "messageheaders": [{ "uri", "id" }] } }`, 401 for
 * wrong credentials, 402 when the account has no credit left, 403 when the account may not send,
 * 400 for a request it cannot read. Tests run it against a local server that follows this API
 * (test/server/esendexStandIn.ts); docs/parents.md says what that proves and what it does not.
 */
import { z } from 'zod';
import { internationalNumber, SmsError, type SmsSender } from './sms';

export interface EsendexSettings {
  /** `https://api.esendex.com` unless a test points it elsewhere. */
  readonly baseUrl: string;
  readonly accountReference: string;
  readonly username: string;
  readonly password: string;
}

const dispatchAnswerSchema = z.object({
  batch: z.object({
    batchid: z.string(),
    messageheaders: z.array(z.object({ uri: z.string().optional(), id: z.string() })).min(1),
  }),
});

// A gateway that does not answer in this long may still send: the caller must not retry.
const TIMEOUT_MS = 15_000;

export function createEsendexSender(settings: EsendexSettings): SmsSender {
  const auth = Buffer.from(`${settings.username}:${settings.password}`).toString('base64');
  const url = `${settings.baseUrl.replace(/\/$/, '')}/v1.0/messagedispatcher`;
  return {
    describe: `Esendex at ${settings.baseUrl} (account ${settings.accountReference})`,
    async send(message) {
      const to = internationalNumber(message.to);
      if (to === null)
        throw new SmsError(`'${message.to}' is not a phone number a text can go to`, 'refused');
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Basic ${auth}`,
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body: JSON.stringify({
            accountreference: settings.accountReference,
            messages: [{ to, body: message.body }],
          }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (err) {
        const timedOut = (err as Error).name === 'TimeoutError';
        throw new SmsError(
          timedOut
            ? 'the SMS gateway did not answer in time; the text may still have gone, so it is not sent again'
            : `the SMS gateway could not be reached (${(err as Error).message})`,
          timedOut ? 'unknown' : 'refused',
          { cause: err },
        );
      }
      if (response.status === 401)
        throw new SmsError(
          'the SMS gateway did not accept the account’s username and password',
          'refused',
        );
      if (response.status === 402)
        throw new SmsError('the SMS account has no credit left; top it up with Esendex', 'refused');
      if (response.status === 403)
        throw new SmsError(
          'the SMS account may not send messages; check it with Esendex',
          'refused',
        );
      if (response.status >= 500)
        throw new SmsError(
          `the SMS gateway had a problem (HTTP ${response.status}); try again later`,
          'refused',
        );
      if (response.status !== 200) {
        throw new SmsError(
          `the SMS gateway refused the message (HTTP ${response.status})`,
          'refused',
        );
      }
      const parsed = dispatchAnswerSchema.safeParse(await response.json().catch(() => null));
      if (!parsed.success) {
        throw new SmsError(
          'the SMS gateway answered in a way Tickmark does not understand; the text may have gone',
          'unknown',
        );
      }
      return { providerId: parsed.data.batch.messageheaders[0]?.id ?? parsed.data.batch.batchid };
    },
  };
}

/** The raw variables, each an optional trimmed string (config.ts treats empty as unset). */
export interface EsendexEnv {
  readonly ESENDEX_ACCOUNT_REFERENCE: string | undefined;
  readonly ESENDEX_USERNAME: string | undefined;
  readonly ESENDEX_PASSWORD: string | undefined;
  readonly ESENDEX_URL: string | undefined;
}

/**
 * Reads the Esendex settings, adding an issue per wrong variable (never echoing the password).
 *
 * @returns the settings, or null when `ESENDEX_ACCOUNT_REFERENCE` is not set: no texts then.
 */
export function readEsendexSettings(
  env: EsendexEnv,
  ctx: { addIssue(issue: { code: 'custom'; path: string[]; message: string }): void },
): EsendexSettings | null {
  const issue = (path: keyof EsendexEnv, message: string): void => {
    ctx.addIssue({ code: 'custom', path: [path], message });
  };
  if (env.ESENDEX_ACCOUNT_REFERENCE === undefined) {
    for (const name of ['ESENDEX_USERNAME', 'ESENDEX_PASSWORD', 'ESENDEX_URL'] as const) {
      if (env[name] !== undefined)
        issue(
          name,
          'is set but ESENDEX_ACCOUNT_REFERENCE is not; set it too (EX followed by digits), or unset this',
        );
    }
    return null;
  }
  if (!/^EX[0-9]+$/i.test(env.ESENDEX_ACCOUNT_REFERENCE)) {
    issue(
      'ESENDEX_ACCOUNT_REFERENCE',
      'is not an Esendex account reference: EX followed by digits, as shown in your Esendex account',
    );
  }
  if (env.ESENDEX_USERNAME === undefined)
    issue('ESENDEX_USERNAME', 'is missing: the Esendex login email the API uses');
  if (env.ESENDEX_PASSWORD === undefined)
    issue('ESENDEX_PASSWORD', 'is missing: the Esendex API password');
  const baseUrl = env.ESENDEX_URL ?? 'https://api.esendex.com';
  if (!/^https?:\/\/[^\s/]+/.test(baseUrl)) issue('ESENDEX_URL', 'is not an http(s) address');
  return {
    baseUrl,
    accountReference: env.ESENDEX_ACCOUNT_REFERENCE,
    username: env.ESENDEX_USERNAME ?? '',
    password: env.ESENDEX_PASSWORD ?? '',
  };
}
