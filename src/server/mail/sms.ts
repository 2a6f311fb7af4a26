/**
 * Text messages through an SMS gateway: one interface, so the gateway can be swapped. The first
 * adapter is Esendex (esendex.ts). A failure is thrown as an SmsError saying why in plain words;
 * `delivered` says whether the gateway may have taken the message all the same (a timeout), in
 * which case the sender must not try again by itself.
 */

export interface SmsMessage {
  /** A UK or international number as the school holds it ("07700 900123", "+44 7700 900123"). */
  readonly to: string;
  readonly body: string;
}

export interface SmsSender {
  /** Which gateway, for the start-up log (never a credential). */
  readonly describe: string;
  /** @returns the gateway's id for the message. @throws SmsError */
  send(message: SmsMessage): Promise<{ readonly providerId: string }>;
}

export class SmsError extends Error {
  constructor(
    message: string,
    /** 'refused': nothing was sent; 'unknown': the gateway may have sent it. */
    readonly outcome: 'refused' | 'unknown',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SmsError';
  }
}

/**
 * A number in international form without the plus, as gateways take it: UK numbers starting 0
 * become 44…. Returns null for something that is not a phone number.
 */
export function internationalNumber(phone: string): string | null {
  const digits = phone.replace(/[\s()-]/g, '');
  let n: string;
  if (digits.startsWith('+')) n = digits.slice(1);
  else if (digits.startsWith('00')) n = digits.slice(2);
  else if (digits.startsWith('0')) n = `44${digits.slice(1)}`;
  else n = digits;
  return /^[1-9][0-9]{7,14}$/.test(n) ? n : null;
}

/** Whether a number can take a text: UK mobiles are 07…; other countries are let through. */
export function isMobile(phone: string): boolean {
  const n = internationalNumber(phone);
  if (n === null) return false;
  return n.startsWith('44') ? n.startsWith('447') : true;
}
