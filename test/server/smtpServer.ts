/**
 * A real SMTP server for tests (`smtp-server`, from the nodemailer project) on a free loopback
 * port, keeping every message it accepts; and the decoded body of a plain-text message.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Received {
  readonly from: string;
  readonly to: readonly string[];
  readonly raw: string;
}

/** A real SMTP server on a free port that keeps every message it accepts. */
export async function startSmtp(auth: { user: string; pass: string }) {
  const received: Received[] = [];
  const server = new SMTPServer({
    // No certificate here: plain SMTP on loopback, as a relay inside the school would be.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(a, _session, callback) {
      if (a.username === auth.user && a.password === auth.pass)
        callback(null, { user: a.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The quoted-printable body of a plain-text message, decoded. */
export function bodyOf(raw: string): string {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  return body
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
