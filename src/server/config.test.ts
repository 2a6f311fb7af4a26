import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from './config';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('loadConfig accepted the environment');
}

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: './data',
      databaseUrl: null,
      logLevel: 'info',
      sessionTtlHours: 12,
      secureCookies: 'auto',
      trustedOrigins: [],
      publicOrigin: null,
      ownOrigins: ['http://localhost:8080', 'http://127.0.0.1:8080', 'http://[::1]:8080'],
      tls: null,
      trustProxy: false,
      demo: true,
      clientDir: null,
      retentionYears: 6,
      dbTimeouts: {
        connectMs: 5000,
        statementMs: 60_000,
        lockMs: 15_000,
        idleInTransactionMs: 30_000,
      },
      smtp: null,
      replies: { replyTo: null, inboundSecret: null },
      sms: null,
      oidc: null,
      mis: null,
    });
  });

  it('treats empty and blank variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '  ', TRUSTED_ORIGINS: '' })).toMatchObject({
      port: 8080,
      databaseUrl: null,
      trustedOrigins: [],
    });
  });

  it('reads every setting', () => {
    const config = loadConfig({
      PORT: '3000',
      HOST: '127.0.0.1',
      DATA_DIR: '/var/lib/tickmark',
      DATABASE_URL: 'postgresql://tm:secret@db:5432/tickmark',
      LOG_LEVEL: 'DEBUG',
      SESSION_TTL_HOURS: '8',
      SECURE_COOKIES: 'true',
      TRUSTED_ORIGINS: 'https://a.example.org, https://b.example.org:8443/',
      TRUST_PROXY: 'true',
      DEMO_SCHOOL: 'false',
      CLIENT_DIR: '/srv/tickmark/app',
      RETENTION_YEARS: '7',
      PUBLIC_ORIGIN: 'https://tickmark.oakfield.sch.uk/',
      TLS_CERT_FILE: '/etc/tickmark/cert.pem',
      TLS_KEY_FILE: '/etc/tickmark/key.pem',
      DB_CONNECT_TIMEOUT_SECONDS: '3',
      DB_STATEMENT_TIMEOUT_SECONDS: '300',
      DB_LOCK_TIMEOUT_SECONDS: '20',
      DB_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS: '120',
    });
    expect(config).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: '/var/lib/tickmark',
      databaseUrl: 'postgresql://tm:secret@db:5432/tickmark',
      logLevel: 'debug',
      sessionTtlHours: 8,
      secureCookies: 'always',
      trustedOrigins: ['https://a.example.org', 'https://b.example.org:8443'],
      publicOrigin: 'https://tickmark.oakfield.sch.uk',
      ownOrigins: ['https://tickmark.oakfield.sch.uk'],
      tls: { certFile: '/etc/tickmark/cert.pem', keyFile: '/etc/tickmark/key.pem' },
      trustProxy: true,
      demo: false,
      clientDir: '/srv/tickmark/app',
      retentionYears: 7,
      dbTimeouts: {
        connectMs: 3000,
        statementMs: 300_000,
        lockMs: 20_000,
        idleInTransactionMs: 120_000,
      },
      smtp: null,
      replies: { replyTo: null, inboundSecret: null },
      sms: null,
      oidc: null,
      mis: null,
    });
  });

  it('without PUBLIC_ORIGIN, counts only this machine on its own port as the server, over HTTPS when it serves TLS', () => {
    expect(
      loadConfig({ PORT: '8443', TLS_CERT_FILE: 'c.pem', TLS_KEY_FILE: 'k.pem' }).ownOrigins,
    ).toEqual(['https://localhost:8443', 'https://127.0.0.1:8443', 'https://[::1]:8443']);
    expect(loadConfig({ PORT: '80' }).ownOrigins).toEqual([
      'http://localhost',
      'http://127.0.0.1',
      'http://[::1]',
    ]);
  });

  it.each([
    ['auto', 'auto'],
    ['TRUE', 'always'],
    ['false', 'never'],
  ] as const)('SECURE_COOKIES=%s means %s', (value, expected) => {
    expect(loadConfig({ SECURE_COOKIES: value }).secureCookies).toBe(expected);
  });

  it('returns a frozen config', () => {
    const config = loadConfig({ TRUSTED_ORIGINS: 'https://a.example.org' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.trustedOrigins)).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT: "abc" is not a port number (1–65535)'],
    [{ PORT: '0' }, 'PORT: "0" is not a port number (1–65535)'],
    [{ PORT: '65536' }, 'PORT: "65536" is not a port number (1–65535)'],
    [{ PORT: '80.5' }, 'PORT: "80.5" is not a port number (1–65535)'],
    [
      { LOG_LEVEL: 'loud' },
      'LOG_LEVEL: "loud" is not a log level; use one of silent, error, warn, info, debug',
    ],
    [
      { SESSION_TTL_HOURS: '0' },
      'SESSION_TTL_HOURS: "0" is not a whole number of hours from 1 to 720',
    ],
    [
      { SESSION_TTL_HOURS: 'twelve' },
      'SESSION_TTL_HOURS: "twelve" is not a whole number of hours from 1 to 720',
    ],
    [{ SECURE_COOKIES: 'yes' }, 'SECURE_COOKIES: "yes" is not one of auto, true or false'],
    [{ TRUST_PROXY: '1' }, 'TRUST_PROXY: "1" is not true or false'],
    [{ DEMO_SCHOOL: 'no' }, 'DEMO_SCHOOL: "no" is not true or false'],
    [
      { DB_CONNECT_TIMEOUT_SECONDS: '0' },
      'DB_CONNECT_TIMEOUT_SECONDS: "0" is not a whole number of seconds from 1 to 60',
    ],
    [
      { DB_STATEMENT_TIMEOUT_SECONDS: '2.5' },
      'DB_STATEMENT_TIMEOUT_SECONDS: "2.5" is not a whole number of seconds from 5 to 3600',
    ],
    [
      { TRUSTED_ORIGINS: 'https://ok.example.org,https://bad.example.org/app' },
      'TRUSTED_ORIGINS: "https://bad.example.org/app" is not an origin; write each like https://tickmark.example.org (no path), separated by commas',
    ],
    [
      { PUBLIC_ORIGIN: 'https://tickmark.oakfield.sch.uk/register' },
      'PUBLIC_ORIGIN: "https://tickmark.oakfield.sch.uk/register" is not an origin; write the address people open Tickmark at, like https://tickmark.oakfield.sch.uk (no path)',
    ],
    [
      { TLS_CERT_FILE: '/etc/tickmark/cert.pem' },
      'TLS_KEY_FILE: is not set, but HTTPS needs both files: set TLS_CERT_FILE to the certificate (PEM, with its chain) and TLS_KEY_FILE to its private key, or unset both for plain HTTP',
    ],
    [
      { TLS_KEY_FILE: '/etc/tickmark/key.pem' },
      'TLS_CERT_FILE: is not set, but HTTPS needs both files: set TLS_CERT_FILE to the certificate (PEM, with its chain) and TLS_KEY_FILE to its private key, or unset both for plain HTTP',
    ],
    [
      { TRUSTED_ORIGINS: 'ftp://files.example.org' },
      'TRUSTED_ORIGINS: "ftp://files.example.org" is not an origin; write each like https://tickmark.example.org (no path), separated by commas',
    ],
  ])('refuses %j with a message naming the variable and the fix', (env, message) => {
    expect(problemsOf(env)).toEqual([message]);
  });

  it.each(['mysql://root:hunter2@db/tickmark', 'not a url with hunter2'])(
    'refuses DATABASE_URL=%s without echoing it (it may hold a password)',
    (url) => {
      const [problem = ''] = problemsOf({ DATABASE_URL: url });
      expect(problem).toMatch(/^DATABASE_URL: is not a PostgreSQL URL; use the form postgres:\/\//);
      expect(problem).not.toContain('hunter2');
    },
  );

  it('accepts a high-availability pair in the multi-host form and refuses a read-only target', () => {
    const pair = 'postgres://tm:hunter2@db1:5432,db2:5432/tickmark?target_session_attrs=read-write';
    expect(loadConfig({ DATABASE_URL: pair }).databaseUrl).toBe(pair);
    const [problem = ''] = problemsOf({
      DATABASE_URL: 'postgres://tm:hunter2@db1,db2/tickmark?target_session_attrs=standby',
    });
    expect(problem).toMatch(/^DATABASE_URL: asks for target_session_attrs=standby/);
    expect(problem).not.toContain('hunter2');
  });

  it('lists every wrong variable at once, one per line', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'y' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as ConfigError).message;
      expect(message).toContain('\n  - PORT: "x" is not a port number');
      expect(message).toContain('\n  - LOG_LEVEL: "y" is not a log level');
    }
  });
});

describe('email and OpenID Connect settings', () => {
  it('reads the SMTP server, defaulting the port by SMTP_SECURE', () => {
    expect(
      loadConfig({ SMTP_HOST: 'smtp.school.example', MAIL_FROM: 'Tickmark <tm@school.example>' })
        .smtp,
    ).toEqual({
      host: 'smtp.school.example',
      port: 587,
      secure: false,
      auth: null,
      from: 'Tickmark <tm@school.example>',
    });
    expect(
      loadConfig({
        SMTP_HOST: 'smtp.school.example',
        SMTP_SECURE: 'true',
        SMTP_USER: 'tm',
        SMTP_PASSWORD: 'hunter2',
        MAIL_FROM: 'tm@school.example',
      }).smtp,
    ).toMatchObject({ port: 465, secure: true, auth: { user: 'tm', password: 'hunter2' } });
  });

  it('refuses half an SMTP setting, naming each variable and the fix, never the password', () => {
    const problems = problemsOf({
      SMTP_HOST: 'smtp.school.example',
      SMTP_PASSWORD: 'hunter2',
      SMTP_PORT: 'x',
      SMTP_SECURE: 'yes',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^SMTP_USER: is not set, but signing in to the mail server needs both/,
        ),
        expect.stringMatching(/^MAIL_FROM: is not set; give the sender/),
        'SMTP_PORT: "x" is not a port number (1–65535)',
        expect.stringMatching(/^SMTP_SECURE: "yes" is not true or false/),
      ]),
    );
    expect(problems.join()).not.toContain('hunter2');
    expect(problemsOf({ MAIL_FROM: 'tm@school.example' })).toEqual([
      'MAIL_FROM: is set but SMTP_HOST is not; set SMTP_HOST to your mail server, or unset this',
    ]);
  });

  it('reads the MIS (Wonde) settings and refuses a wrong one, naming the fix, never the token', () => {
    const token = '7e76896f9aca62569048c667db292d72dd84f224';
    const mis = loadConfig({
      WONDE_TOKEN: token,
      WONDE_SCHOOLS: '999/2024=A1930499544, 8881234=A1000000001',
      MIS_WRITE_FROM: '2026-09-03',
    }).mis;
    expect(mis).toMatchObject({ baseUrl: 'https://api.wonde.com', writeFrom: '2026-09-03' });
    expect([...(mis?.schools ?? [])]).toEqual([
      ['999/2024', 'A1930499544'],
      ['8881234', 'A1000000001'],
    ]);
    const problems = problemsOf({
      WONDE_TOKEN: 'not a token!',
      WONDE_SCHOOLS: '999/2024:A1930499544',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^WONDE_TOKEN: is not a Wonde API token/),
      expect.stringMatching(
        /^WONDE_SCHOOLS: '999\/2024:A1930499544' is not a DfE number and a Wonde school id; write it like 999\/2024=A1930499544/,
      ),
      expect.stringMatching(/^MIS_WRITE_FROM: is missing or not a date/),
    ]);
    expect(problems.join()).not.toContain('not a token!');
    expect(problemsOf({ MIS_WRITE_FROM: '2026-09-03' })).toEqual([
      'MIS_WRITE_FROM: is set but WONDE_TOKEN is not; set it too (the API token from Wonde), or unset this',
    ]);
  });

  it('reads the OpenID Connect provider and refuses a plain-HTTP issuer elsewhere than this machine', () => {
    expect(
      loadConfig({
        OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
        OIDC_CLIENT_ID: 'id',
        OIDC_CLIENT_SECRET: 'secret',
      }).oidc,
    ).toMatchObject({ clientId: 'id', clientSecret: 'secret', providerName: 'Microsoft' });
    expect(
      loadConfig({
        OIDC_ISSUER: 'https://accounts.google.com',
        OIDC_CLIENT_ID: 'i',
        OIDC_CLIENT_SECRET: 's',
      }).oidc?.providerName,
    ).toBe('Google');
    expect(
      problemsOf({
        OIDC_ISSUER: 'http://idp.example',
        OIDC_CLIENT_ID: 'i',
        OIDC_CLIENT_SECRET: 's',
      }),
    ).toEqual([
      expect.stringMatching(/^OIDC_ISSUER: "http:\/\/idp.example" is not an https issuer URL/),
    ]);
    expect(problemsOf({ OIDC_ISSUER: 'https://accounts.google.com' })).toEqual([
      expect.stringMatching(/^OIDC_CLIENT_ID: is not set; OpenID Connect sign-in needs/),
      expect.stringMatching(/^OIDC_CLIENT_SECRET: is not set/),
    ]);
  });
});

describe('describeConfig', () => {
  it('masks the database password', () => {
    const lines = describeConfig(
      loadConfig({ DATABASE_URL: 'postgres://tm:hunter2@db:5432/tickmark' }),
    );
    expect(lines.join('\n')).not.toContain('hunter2');
    expect(lines[0]).toBe('database: PostgreSQL at postgres://tm:****@db:5432/tickmark');
  });

  it('lists both hosts of a pair, the password masked', () => {
    const lines = describeConfig(
      loadConfig({
        DATABASE_URL:
          'postgres://tm:hunter2@db1:5432,db2:5432/tickmark?target_session_attrs=read-write',
      }),
    );
    expect(lines[0]).toBe(
      'database: PostgreSQL at postgres://tm:****@db1:5432,db2:5432/tickmark (target_session_attrs=read-write)',
    );
  });

  it.each([
    [{}, 'app files: dist/client'],
    [{ CLIENT_DIR: '/srv/tickmark/app' }, 'app files: /srv/tickmark/app'],
  ])('names the folder the app is served from (%j)', (env, line) => {
    expect(describeConfig(loadConfig(env))).toContain(line);
  });

  it('names the data folder for the built-in database', () => {
    expect(describeConfig(loadConfig({ DATA_DIR: '/srv/tm' }))[0]).toBe(
      'database: built-in (PostgreSQL, fsync on) in /srv/tm',
    );
  });
});
