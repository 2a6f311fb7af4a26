/**
 * The PWA shell: the built app (dist/client) has a service worker that precaches the app
 * shell, a web manifest with real icons, and Chromium finds it installable; with the service
 * worker in control, an address under /api/ is never answered with the app shell — online it is
 * the server's JSON 404, offline a network error — while any other page address is.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { apiErrorBodySchema } from '../../src/shared/api/apiErrors';
import type { ServerProcess } from '../process/serverProcess';
import { BUILT_CLIENT_DIR } from './support/build';
import {
  connectChromium,
  openTablet,
  reportOnFailure,
  shutDown,
  type Tablet,
  waitForServiceWorker,
} from './support/browser';
import { startE2eServer } from './support/e2eServer';
import { e2eSchoolDay } from './support/provided';
import { at, groupOf, timesOf } from './support/schoolDay';

const day = e2eSchoolDay();
let server: ServerProcess;
let browser: Browser;
let tablet: Tablet | undefined;

const read = (file: string) => readFile(join(BUILT_CLIENT_DIR, file));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  const signature = bytes.subarray(0, 8).toString('hex');
  if (signature !== '89504e470d0a1a0a') throw new Error('not a PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The URLs the service worker precaches (workbox's `precacheAndRoute([...])`). */
async function precachedUrls(): Promise<Set<string>> {
  const sw = (await read('sw.js')).toString('utf8');
  const list = /precacheAndRoute\(\[(.*?)\]/s.exec(sw)?.[1] ?? '';
  return new Set([...list.matchAll(/url:"([^"]+)"/g)].map((m) => m[1] ?? ''));
}

beforeAll(async () => {
  server = await startE2eServer();
  browser = await connectChromium();
});

afterAll(() => shutDown(browser, tablet));
reportOnFailure(() => ({ server, tablets: [tablet] }));

describe('the built PWA (dist/client)', () => {
  it('has a manifest with the icons it names, at their stated sizes', async () => {
    const manifest = JSON.parse((await read('manifest.webmanifest')).toString('utf8')) as {
      name: string;
      short_name: string;
      start_url: string;
      scope: string;
      display: string;
      icons: { src: string; sizes: string; type: string; purpose?: string }[];
    };
    expect(manifest).toMatchObject({
      name: 'Tickmark attendance registers',
      short_name: 'Tickmark',
      start_url: '/',
      scope: '/',
      display: 'standalone',
    });
    const sizes = manifest.icons.map((icon) => icon.sizes);
    expect(sizes).toContain('192x192');
    expect(sizes).toContain('512x512');
    expect(manifest.icons.some((icon) => icon.purpose === 'maskable')).toBe(true);
    for (const icon of manifest.icons) {
      expect(icon.type).toBe('image/png');
      const { width, height } = pngSize(await read(icon.src));
      expect(`${width}x${height}`).toBe(icon.sizes);
    }
    const html = (await read('index.html')).toString('utf8');
    expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest">');
  });

  it('precaches the app shell: index.html, every script and style it loads, and the manifest', async () => {
    const urls = await precachedUrls();
    expect(urls).toContain('index.html');
    expect(urls).toContain('manifest.webmanifest');
    const html = (await read('index.html')).toString('utf8');
    const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1] ?? '');
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) expect(urls).toContain(asset);
    const sw = (await read('sw.js')).toString('utf8');
    expect(sw).toContain('createHandlerBoundToURL("/index.html")');
    expect(sw).toContain('denylist:[/^\\/api\\//]');
    // Nothing from the API is ever cached.
    expect([...urls].some((url) => url.startsWith('api/'))).toBe(false);
  });

  it('is installable, and never answers /api/ with the app shell', async () => {
    const nursery = groupOf(day, 'N2');
    tablet = await openTablet(browser, server.origin, {
      time: at(day, timesOf(day, nursery, 'AM').start),
    });
    const { page, context } = tablet;
    await waitForServiceWorker(page);

    // Chromium's own installability check (what the install prompt needs). A test browser's
    // contexts are incognito, which Chromium lists as a reason of its own; nothing else may be.
    const cdp = await context.newCDPSession(page);
    const installabilityErrors = async () => {
      const answer = (await cdp.send('Page.getInstallabilityErrors')) as {
        installabilityErrors: { errorId: string }[];
      };
      return answer.installabilityErrors
        .map((e) => e.errorId)
        .filter((id) => id !== 'in-incognito');
    };
    expect(await installabilityErrors()).toEqual([]);
    await page.goto('/favicon.svg');
    expect(await installabilityErrors()).toContain('no-manifest');

    // Any page address is the app (served by the service worker's navigation fallback)…
    const deepLink = await page.goto('/some/page/of/the/app');
    expect(deepLink?.status()).toBe(200);
    expect(deepLink?.fromServiceWorker()).toBe(true);
    await page.getByRole('heading', { name: 'Sign in to Tickmark' }).waitFor();

    // …but an API address is the server's own JSON 404, not the shell.
    const api = await page.goto('/api/unknown');
    expect(api?.status()).toBe(404);
    expect(api?.fromServiceWorker()).toBe(false);
    expect(api?.headers()['content-type']).toMatch(/^application\/json/);
    const body = apiErrorBodySchema.parse(await api?.json());
    expect(body.reason).toBe('not_found');

    // Offline, the app still opens at any address; an API address fails instead.
    await page.goto('/');
    await context.setOffline(true);
    const offlinePage = await page.goto('/another/page');
    expect(offlinePage?.fromServiceWorker()).toBe(true);
    await page.getByRole('heading', { name: 'Sign in to Tickmark' }).waitFor();
    await expect(page.goto('/api/unknown')).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
    await context.setOffline(false);
  });
});
