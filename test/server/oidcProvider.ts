/**
 * A real OpenID Connect provider for tests: `oidc-provider` (a certified implementation, the
 * one many products build on) on a free loopback port, with one confidential client and the
 * accounts the test gives, each with its id token claims. Its own development sign-in form
 * (login, any password, then a consent page) stands in for Microsoft's or Google's: the browser
 * test fills it in Chromium; `signInAtProvider` fills it over HTTP for the in-process tests.
 *
 * What this proves: Tickmark's use of openid-client against a real provider's discovery, keys,
 * authorisation and token endpoints, PKCE, state and nonce. What it does not: Microsoft's or
 * Google's own quirks (Entra's issuer per tenant, their claims), which docs/api.md lists.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export const OIDC_CLIENT_ID = 'tickmark-test';
export const OIDC_CLIENT_SECRET = 'a client secret the test provider knows';

/** The id token claims of one account at the provider, beyond `sub`. */
export interface ProviderAccount {
  readonly email?: string;
  readonly email_verified?: boolean;
  readonly name?: string;
}

export interface TestProvider {
  readonly issuer: string;
  /** The environment that points a Tickmark server at this provider. */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts the provider; `accounts` maps the login typed in its form to that person's claims, and
 * `redirectUris` are the return pages it accepts (Tickmark's `<origin>/sign-in/oidc`).
 */
export async function startOidcProvider(options: {
  readonly accounts: Readonly<Record<string, ProviderAccount>>;
  readonly redirectUris: readonly string[];
  readonly providerName?: string;
}): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        client_secret: OIDC_CLIENT_SECRET,
        redirect_uris: [...options.redirectUris],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    findAccount: (_ctx, id) => {
      const claims = options.accounts[id];
      return Promise.resolve(
        claims === undefined
          ? undefined
          : { accountId: id, claims: () => ({ sub: id, ...claims }) },
      );
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Google and Microsoft put the email in the id token itself, which Tickmark reads.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    cookies: { keys: ['test provider cookie key'] },
    features: { devInteractions: { enabled: true } },
    // Set so it does not print a notice for each default; a test lasts minutes.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
  });
  // Its development keys and form print warnings; a test provider needs neither silenced nor fixed.
  server.on('request', provider.callback());
  return {
    issuer,
    env: {
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID,
      OIDC_CLIENT_SECRET,
      OIDC_PROVIDER_NAME: options.providerName ?? 'Willow Learning Trust',
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err === undefined ? resolve() : reject(err)));
      }),
  };
}

/**
 * Signs in at the provider over HTTP as a browser would: opens `authorizationUrl`, fills the
 * login form with `login`, accepts the consent page, and returns the address the provider sends
 * the browser back to (Tickmark's return page with `?code=…&state=…`).
 */
export async function signInAtProvider(authorizationUrl: string, login: string): Promise<URL> {
  const cookies = new Map<string, string>();
  const send = async (url: string, form?: Record<string, string>): Promise<Response> => {
    const res = await fetch(url, {
      method: form === undefined ? 'GET' : 'POST',
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(form === undefined ? {} : { body: new URLSearchParams(form).toString() }),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return res;
  };
  let url = authorizationUrl;
  let res = await send(url);
  for (let step = 0; step < 12; step += 1) {
    const location = res.headers.get('location');
    if (location !== null) {
      const next = new URL(location, url);
      if (next.origin !== new URL(authorizationUrl).origin) return next;
      url = next.toString();
      res = await send(url);
      continue;
    }
    const page = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="([a-z]+)"/.exec(page)?.[1];
    if (action === undefined || prompt === undefined) {
      throw new Error(`The provider answered ${res.status} without a form: ${page.slice(0, 500)}`);
    }
    url = new URL(action, url).toString();
    res = await send(
      url,
      prompt === 'login' ? { prompt, login, password: 'any password' } : { prompt },
    );
  }
  throw new Error('The provider never sent the browser back.');
}
