/**
 * Sending email through SMTP with nodemailer. One mailer per server, shared by whatever sends
 * mail (account links today). A failure is thrown as a MailError saying why in plain words, so
 * the caller can show it: an email that silently never left is worse than one refused.
 */
import nodemailer from 'nodemailer';
import type { SmtpSettings } from './smtpSettings';

/** A file sent with a message (a letter's PDF). */
export interface MailAttachment {
  readonly fileName: string;
  readonly contentType: string;
  readonly content: Uint8Array;
}

export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly attachments?: readonly MailAttachment[];
  /** Where a reply should go, when not to the sender. */
  readonly replyTo?: string;
  /** The message's own Message-ID (with angle brackets), when the sender needs to know it. */
  readonly messageId?: string;
}

export interface Mailer {
  /** Where mail goes, for the start-up log (never the password). */
  readonly describe: string;
  /** @throws MailError when the SMTP server cannot be reached or refuses the message. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** An email could not be sent; `message` says why, for the admin who asked. */
export class MailError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailError';
  }
}

// Long enough for a slow relay, short enough that an admin is not left waiting on a dead one.
const CONNECT_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 20_000;

function why(err: unknown, settings: SmtpSettings): string {
  const where = `${settings.host}:${settings.port}`;
  const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
  // nodemailer reports socket failures as ESOCKET with the system's code in the message.
  const text = e.message ?? '';
  if (e.code === 'ECONNREFUSED' || text.includes('ECONNREFUSED'))
    return `the mail server at ${where} refused the connection (is it running?)`;
  if (e.code === 'ETIMEDOUT' || e.code === 'ETIMEOUT')
    return `the mail server at ${where} did not answer in time`;
  if (e.code === 'EDNS' || e.code === 'ENOTFOUND')
    return `the mail server's name ${settings.host} could not be found`;
  if (e.code === 'EAUTH')
    return `the mail server at ${where} did not accept SMTP_USER and SMTP_PASSWORD`;
  if (e.responseCode !== undefined)
    return `the mail server at ${where} refused the message (${e.response ?? e.responseCode})`;
  return `sending through ${where} failed (${e.message ?? String(err)})`;
}

/** A mailer that sends through the SMTP server in `settings`. */
export function createSmtpMailer(settings: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.auth === null
      ? {}
      : { auth: { user: settings.auth.user, pass: settings.auth.password } }),
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
  });
  return {
    describe: `SMTP at ${settings.host}:${settings.port} (${settings.secure ? 'TLS' : 'STARTTLS when offered'}), from ${settings.from}`,
    async send(message) {
      try {
        await transport.sendMail({
          from: settings.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.attachments === undefined
            ? {}
            : {
                attachments: message.attachments.map((a) => ({
                  filename: a.fileName,
                  contentType: a.contentType,
                  content: Buffer.from(a.content),
                })),
              }),
          ...(message.replyTo === undefined ? {} : { replyTo: message.replyTo }),
          ...(message.messageId === undefined ? {} : { messageId: message.messageId }),
        });
      } catch (err) {
        throw new MailError(why(err, settings), { cause: err });
      }
    },
    close() {
      transport.close();
    },
  };
}
