/**
 * Responses are gzipped for clients that ask (every browser does): the snapshot a new tablet
 * fetches shrinks about five-fold, and what the client reads after decoding is byte for byte
 * what an uncompressed answer carries.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROUTES } from '../../src/shared/api/routes';
import { createTestApp } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { createSyncSchool, morningClock, signedInDevice } from './syncFixtures';

vi.setConfig({ testTimeout: 30_000 });

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 60_000);
afterAll(() => t.close());

describe('response compression', () => {
  it('gzips the snapshot for a client that accepts gzip, and sends it plain to one that does not', async () => {
    const school = await createSyncSchool(t.db);
    const { app, clock } = createTestApp(t.db, { clock: morningClock() });
    const tablet = await signedInDevice(app, school.member('teacher'), { clock });

    const plain = await tablet.client.get(ROUTES.syncSnapshot);
    const zipped = await tablet.client.get(ROUTES.syncSnapshot, {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });

    expect(plain.status).toBe(200);
    expect(zipped.status).toBe(200);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toMatch(/accept-encoding/i);
    const plainText = await plain.text();
    const wire = Buffer.from(await zipped.arrayBuffer());
    expect(wire.length).toBeLessThan(plainText.length / 2);
    const decoded = JSON.parse(gunzipSync(wire).toString('utf8')) as { serverTime: string };
    const expected = JSON.parse(plainText) as { serverTime: string };
    // Two requests, one clock: only the server time may differ, and the manual clock holds still.
    expect(decoded).toEqual(expected);
  });
});
