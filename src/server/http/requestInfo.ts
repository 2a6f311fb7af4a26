/**
 * Facts about the request that depend on whether a reverse proxy sits in front of us. With
 * TRUST_PROXY off (the default) the X-Forwarded-* headers are ignored: any client could set them.
 */
import type { Context } from 'hono';
import type { AppEnv } from './appEnv';

function forwarded(c: Context<AppEnv>, name: string, trustProxy: boolean): string | undefined {
  if (!trustProxy) return undefined;
  const value = c.req.header(name);
  if (value === undefined) return undefined;
  // Each proxy appends; the last entry was written by the proxy nearest to us, the one we trust.
  const parts = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return parts[parts.length - 1];
}

/** The client's network address, for the per-address sign-in limit. */
export function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string {
  return (
    forwarded(c, 'x-forwarded-for', trustProxy) ??
    c.env?.incoming?.socket?.remoteAddress ??
    'unknown'
  );
}

/** This server's own origin as the browser sees it (scheme://host[:port]). */
function ownOrigin(c: Context<AppEnv>, trustProxy: boolean): string {
  const url = new URL(c.req.url);
  const proto = forwarded(c, 'x-forwarded-proto', trustProxy);
  const host = forwarded(c, 'x-forwarded-host', trustProxy);
  if (proto === 'http' || proto === 'https') url.protocol = `${proto}:`;
  if (host !== undefined) url.host = host;
  return url.origin;
}

/** Whether the browser reached us over HTTPS (directly or through a trusted proxy). */
export function isHttps(c: Context<AppEnv>, trustProxy: boolean): boolean {
  return ownOrigin(c, trustProxy).startsWith('https:');
}
