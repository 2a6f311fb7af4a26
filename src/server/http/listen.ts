/**
 * Puts the app on its port: plain HTTP, or HTTPS when TLS_CERT_FILE and TLS_KEY_FILE are set
 * (node:https through @hono/node-server), so a school without a reverse proxy can still serve
 * Tickmark encrypted, with Secure cookies and HSTS.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer as createHttpsServer } from 'node:https';
import { serve, type ServerType } from '@hono/node-server';
import { ConfigError, type Config } from '../config';

type Fetch = Parameters<typeof serve>[0]['fetch'];

function readPem(variable: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'there is no such file'
        : String((err as Error).message);
    throw new ConfigError([
      `${variable}: cannot read ${JSON.stringify(path)} (${reason}); give the path of a PEM file the server may read`,
    ]);
  }
}

/**
 * Starts listening as `config` says.
 *
 * @throws ConfigError when the certificate or key cannot be read or do not belong together.
 */
export function listen(
  fetch: Fetch,
  config: Config,
  onListening: (info: AddressInfo) => void,
): ServerType {
  const at = { fetch, port: config.port, hostname: config.host };
  if (config.tls === null) return serve(at, onListening);
  const cert = readPem('TLS_CERT_FILE', config.tls.certFile);
  const key = readPem('TLS_KEY_FILE', config.tls.keyFile);
  try {
    return serve(
      { ...at, createServer: createHttpsServer, serverOptions: { cert, key } },
      onListening,
    );
  } catch (err) {
    throw new ConfigError([
      `TLS_CERT_FILE and TLS_KEY_FILE: ${(err as Error).message}; check both are PEM files and the key is the certificate's own`,
    ]);
  }
}
