/**
 * First run of a real school: the server started with `DEMO_SCHOOL=false` on an empty data folder
 * prints a one-time setup link; the setup it opens creates the organisation, school and admin,
 * who can then sign in over HTTP. A restart prints no link once set up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sessionResponseSchema } from '../../src/shared/api/authSchemas';
import { ROUTES } from '../../src/shared/api/routes';
import { copyCreatedDataDir } from './builtInTemplate';
import { Browser, expectStatus } from './httpClient';
import { cleanUpProcesses, freePort, makeTempDir, startServer } from './serverProcess';
import * as setupApi from '../../src/shared/api/endpoints/setupEndpoints';

afterEach(cleanUpProcesses);

const LINK = /^\s+(http:\/\/localhost:\d+)\/setup#([A-Za-z0-9_-]{43})\s*$/m;

describe('DEMO_SCHOOL=false on an empty database', () => {
  it('prints a setup link; setup through it lets the admin sign in; a restart prints none', async () => {
    const dataDir = await copyCreatedDataDir(await makeTempDir('tickmark-first-run-'));
    const port = await freePort();
    const env = { PORT: String(port), DATA_DIR: dataDir, DEMO_SCHOOL: 'false' };
    const server = await startServer({ env, label: 'first run' });
    const [, base, token] = await server.waitForStdout(LINK);
    expect(base).toBe(server.url);
    expect(server.stdout).not.toContain('Demo sign-ins');

    const browser = new Browser();
    const status = await browser.get(server.url, setupApi.setupStatus.path);
    expect(expectStatus(status, 200, 'setup status')).toEqual({ needed: true });
    const password = 'pebble saffron glacier tandem';
    const setup = await browser.post(server.url, setupApi.setupStatus.path, {
      token,
      organisation: { kind: 'school' },
      school: {
        name: 'Hillside Primary',
        urn: '100001',
        laNumber: '301',
        establishmentNumber: '2345',
        timeZone: 'Europe/London',
      },
      admin: { name: 'Mary Seacole', email: 'mary@hillside.example', password },
    });
    expectStatus(setup, 201, 'setup');
    const again = await browser.post(server.url, setupApi.setupStatus.path, { token });
    expect(again.status).toBe(400);

    const signIn = await browser.post(server.url, ROUTES.signIn, {
      email: 'mary@hillside.example',
      password,
    });
    const session = sessionResponseSchema.parse(expectStatus(signIn, 200, 'admin sign-in'));
    expect(session.school.name).toBe('Hillside Primary');
    expect(session.roles.map((r) => r.role)).toEqual(['admin']);
    await server.stop('SIGTERM');

    const restarted = await startServer({ env, label: 'restart' });
    expect(restarted.stdout).not.toContain('/setup#');
    await restarted.stop('SIGTERM');
  });
});
