import { describe, expect, it } from 'vitest';
import { hashPin, PIN_HASH_ITERATIONS, PIN_SALT_BYTES, verifyPin } from './pinHash';

const fixedSalt = (byte: number) => (length: number) => new Uint8Array(length).fill(byte);

describe('hashPin', () => {
  it('uses PBKDF2-SHA-256 with at least 210,000 iterations and a 16-byte salt by default', async () => {
    expect(PIN_HASH_ITERATIONS).toBeGreaterThanOrEqual(210_000);
    const stored = await hashPin('2468');
    expect(stored.algorithm).toBe('PBKDF2-SHA-256');
    expect(stored.iterations).toBe(PIN_HASH_ITERATIONS);
    expect(atob(stored.salt)).toHaveLength(PIN_SALT_BYTES);
    expect(atob(stored.hash)).toHaveLength(32);
    expect(stored.hash).not.toContain('2468');
  });

  it('gives a new salt each time, so the same PIN hashes differently', async () => {
    const a = await hashPin('2468', { iterations: 1000 });
    const b = await hashPin('2468', { iterations: 1000 });
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
  });

  it('is deterministic for a fixed salt and iteration count', async () => {
    const a = await hashPin('2468', { iterations: 1000, randomBytes: fixedSalt(7) });
    const b = await hashPin('2468', { iterations: 1000, randomBytes: fixedSalt(7) });
    expect(a).toEqual(b);
  });
});

describe('verifyPin', () => {
  it.each([
    ['2468', true],
    ['2469', false],
    ['24680', false],
    ['', false],
  ])('PIN 2468 checked against %j → %s', async (typed, expected) => {
    const stored = await hashPin('2468', { iterations: 1000 });
    expect(await verifyPin(typed, stored)).toBe(expected);
  });

  it('uses the iterations stored with the hash, so a stronger default later still verifies', async () => {
    const stored = await hashPin('1357', { iterations: 500 });
    expect(await verifyPin('1357', stored)).toBe(true);
    expect(await verifyPin('1357', { ...stored, iterations: 501 })).toBe(false);
  });
});
