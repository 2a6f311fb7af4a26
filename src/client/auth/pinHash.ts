/**
 * The PIN's slow hash (docs/design.md §3.3): PBKDF2 with SHA-256 through WebCrypto,
 * a random 16-byte salt per person per tablet, and at least 210,000 iterations (OWASP's figure
 * for PBKDF2-HMAC-SHA256). A 4-digit PIN has only 10,000 values, so the hash alone cannot stop a
 * determined attacker with the device's storage; it makes each guess cost, and the attempt limit
 * (pinAttempts.ts) stops guessing at the lock screen.
 */
import type { PinHash } from './deviceAuth';

export const PIN_HASH_ITERATIONS = 210_000;
export const PIN_SALT_BYTES = 16;
const KEY_BITS = 256;

export interface PinHashOptions {
  /** Tests may lower it to run fast; never lowered in the app. */
  readonly iterations?: number;
  /** Fills the salt; `crypto.getRandomValues` unless a test fixes it. */
  readonly randomBytes?: (length: number) => Uint8Array<ArrayBuffer>;
}

const defaultRandomBytes = (length: number): Uint8Array<ArrayBuffer> =>
  crypto.getRandomValues(new Uint8Array(length));

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function derive(
  pin: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    KEY_BITS,
  );
  return new Uint8Array(bits);
}

/** A new salted hash of `pin`, ready to store. */
export async function hashPin(pin: string, options: PinHashOptions = {}): Promise<PinHash> {
  const iterations = options.iterations ?? PIN_HASH_ITERATIONS;
  const salt = (options.randomBytes ?? defaultRandomBytes)(PIN_SALT_BYTES);
  const hash = await derive(pin, salt, iterations);
  return {
    algorithm: 'PBKDF2-SHA-256',
    iterations,
    salt: toBase64(salt),
    hash: toBase64(hash),
  };
}

/**
 * Whether `pin` matches `stored`. The comparison looks at every byte, so its time does not tell
 * how much of the hash matched.
 */
export async function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  const expected = fromBase64(stored.hash);
  const actual = await derive(pin, fromBase64(stored.salt), stored.iterations);
  if (actual.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < actual.length; i += 1) difference |= (actual[i] ?? 0) ^ (expected[i] ?? 0);
  return difference === 0;
}
