/**
 * Everything a database needs before the server answers: the migrations, the epoch that lets
 * devices notice a restore, the code-category table that SQL reports join to, and the imports a
 * crash interrupted marked failed (data/interruptedImports.ts). The categories are written from
 * the domain's own code table on every start (docs/design.md §6), so a report in SQL and the
 * domain's statistics cannot disagree about what a code means.
 */
import { CODES_2006, CODES_2024 } from '../domain/index';
import type { Logger } from './logger';
import type { Database } from './db/database';
import { migrate } from './db/migrate';
import { ensureEpoch } from './db/serverEpoch';
import { failInterruptedImports } from './data/interruptedImports';

export async function prepareDatabase(
  db: Database,
  options: { logger?: Logger; now?: Date } = {},
): Promise<void> {
  await migrate(db, options.logger === undefined ? {} : { logger: options.logger });
  await ensureEpoch(db);
  await writeCodeCategories(db);
  const interrupted = await failInterruptedImports(db, options.now ?? new Date());
  if (interrupted > 0) {
    options.logger?.warn('marked failed the imports a stop interrupted', { imports: interrupted });
  }
}

export async function writeCodeCategories(db: Database): Promise<void> {
  const codes = [...CODES_2024, ...CODES_2006];
  const params: unknown[] = [];
  const rows = codes.map((c, i) => {
    params.push(c.code, c.codeSet, c.category, c.possible, c.penaltyNotice);
    const n = i * 5;
    return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5})`;
  });
  await db.query(
    `INSERT INTO code_category (code, code_set, category, possible, penalty_notice)
     VALUES ${rows.join(', ')}
     ON CONFLICT (code_set, code) DO UPDATE SET
       category = EXCLUDED.category, possible = EXCLUDED.possible, penalty_notice = EXCLUDED.penalty_notice`,
    params,
  );
}
