/** The Database interface answers in the JS types docs/design.md §6 names. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase({ migrate: false });
  await t.db.exec('CREATE TABLE probe (id int PRIMARY KEY, note text NOT NULL)');
});
afterAll(() => t.close());

describe('Database', () => {
  it('says which database it is', () => {
    expect(t.db.kind).toBe('postgres');
  });

  it('returns values in the same JS types on both databases', async () => {
    const { rows } = await t.db.query<Record<string, unknown>>(
      `SELECT 9007199254740991::int8 AS big, 5::int4 AS small, '2025-03-04'::date AS day,
              '2025-03-04T08:45:00Z'::timestamptz AS instant, '{"a":[1,"x"]}'::jsonb AS doc,
              NULL::text AS nothing, true AS yes`,
    );
    expect(rows).toEqual([
      {
        big: 9007199254740991,
        small: 5,
        day: '2025-03-04',
        instant: new Date('2025-03-04T08:45:00Z'),
        doc: { a: [1, 'x'] },
        nothing: null,
        yes: true,
      },
    ]);
  });

  it('refuses a bigint a JS number cannot hold exactly', async () => {
    await expect(t.db.query('SELECT 9007199254740993::int8 AS too_big')).rejects.toThrow(
      /too large/,
    );
  });

  it('binds parameters of each type', async () => {
    const { rows } = await t.db.query<{ day: string; instant: Date; n: number }>(
      'SELECT $1::date AS day, $2::timestamptz AS instant, $3::int8 AS n',
      ['2024-02-29', new Date('2024-02-29T23:59:59.123Z'), 42],
    );
    expect(rows[0]).toEqual({
      day: '2024-02-29',
      instant: new Date('2024-02-29T23:59:59.123Z'),
      n: 42,
    });
  });

  it('counts rows changed by a statement', async () => {
    const inserted = await t.db.query("INSERT INTO probe VALUES (1, 'a'), (2, 'b')");
    expect(inserted.rowCount).toBe(2);
    const updated = await t.db.query("UPDATE probe SET note = 'c' WHERE id = 1");
    expect(updated.rowCount).toBe(1);
    const none = await t.db.query("UPDATE probe SET note = 'c' WHERE id = 99");
    expect(none.rowCount).toBe(0);
  });

  it('commits a transaction whose function resolves', async () => {
    const value = await t.db.transaction(async (tx) => {
      await tx.query("INSERT INTO probe VALUES (10, 'kept')");
      return 'done';
    });
    expect(value).toBe('done');
    const { rows } = await t.db.query('SELECT note FROM probe WHERE id = 10');
    expect(rows).toEqual([{ note: 'kept' }]);
  });

  it('rolls back everything when the function throws, and re-throws', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query("INSERT INTO probe VALUES (20, 'lost')");
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const { rows } = await t.db.query('SELECT * FROM probe WHERE id = 20');
    expect(rows).toEqual([]);
  });

  it('rolls back when a statement fails, and stays usable', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query("INSERT INTO probe VALUES (30, 'lost')");
        await tx.query("INSERT INTO probe VALUES (30, 'duplicate')");
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect((await t.db.query('SELECT * FROM probe WHERE id = 30')).rows).toEqual([]);
    expect((await t.db.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });

  it('runs a script of several statements with exec', async () => {
    await t.db.exec("INSERT INTO probe VALUES (40, 'x'); INSERT INTO probe VALUES (41, 'y');");
    const { rows } = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM probe WHERE id IN (40, 41)',
    );
    expect(rows[0]?.n).toBe(2);
  });
});
