import { describe, expect, it } from 'vitest';
import { describePostgresTarget, parsePostgresTarget, PostgresTargetError } from './postgresTarget';

describe('parsePostgresTarget', () => {
  it('keeps a single-host URL as it is, with no session requirement', () => {
    expect(parsePostgresTarget('postgres://tm:secret@db:5432/tickmark?sslmode=require')).toEqual({
      hostUrls: ['postgres://tm:secret@db:5432/tickmark?sslmode=require'],
      session: 'any',
    });
  });

  it('splits the multi-host form pg_autoctl prints into one URL per host, in order', () => {
    const target = parsePostgresTarget(
      'postgres://tm:secret@10.0.0.1:6001,10.0.0.2:6002,[::1]:6003/tickmark?target_session_attrs=read-write&sslmode=disable',
    );
    expect(target).toEqual({
      hostUrls: [
        'postgres://tm:secret@10.0.0.1:6001/tickmark?sslmode=disable',
        'postgres://tm:secret@10.0.0.2:6002/tickmark?sslmode=disable',
        'postgres://tm:secret@[::1]:6003/tickmark?sslmode=disable',
      ],
      session: 'read-write',
    });
  });

  it('treats target_session_attrs=primary as read-write, and a host without a port as the default', () => {
    expect(parsePostgresTarget('postgresql://h1,h2:6000/db?target_session_attrs=primary')).toEqual({
      hostUrls: ['postgresql://h1/db', 'postgresql://h2:6000/db'],
      session: 'read-write',
    });
  });

  it.each([
    ['mysql://root:hunter2@db/tickmark', /^is not a PostgreSQL URL/],
    ['postgres://u:hunter2@h1,,h2/db', /^lists an empty host/],
    ['postgres://u:hunter2@h1:x,h2/db', /^has a host that is not host\[:port\]/],
    [
      'postgres://u:hunter2@h1,h2/db?target_session_attrs=read-only',
      /^asks for target_session_attrs=read-only, which cannot take Tickmark's writes/,
    ],
  ])('refuses %s, saying why without repeating the password', (text, message) => {
    let error: unknown;
    try {
      parsePostgresTarget(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PostgresTargetError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('hunter2');
  });
});

describe('describePostgresTarget', () => {
  it('lists every host and masks the password', () => {
    expect(
      describePostgresTarget(
        parsePostgresTarget(
          'postgres://tm:hunter2@h1:6001,h2:6002/tickmark?target_session_attrs=read-write',
        ),
      ),
    ).toBe('postgres://tm:****@h1:6001,h2:6002/tickmark (target_session_attrs=read-write)');
    expect(describePostgresTarget(parsePostgresTarget('postgres://tm:hunter2@db/x'))).toBe(
      'postgres://tm:****@db/x',
    );
  });
});
