/**
 * The few parts of `oidc-provider` (it ships no types) that test/server/oidcProvider.ts uses.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface Account {
    readonly accountId: string;
    claims(): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  interface Configuration {
    readonly clients: readonly Record<string, unknown>[];
    readonly findAccount: (ctx: unknown, id: string) => Promise<Account | undefined>;
    readonly claims?: Record<string, readonly string[]>;
    readonly conformIdTokenClaims?: boolean;
    readonly pkce?: { readonly required: () => boolean };
    readonly cookies?: { readonly keys: readonly string[] };
    readonly features?: Record<string, { readonly enabled: boolean }>;
    readonly ttl?: Record<string, number>;
  }

  // The package's own shape: its one export is the default.
  // eslint-disable-next-line no-restricted-syntax
  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}
