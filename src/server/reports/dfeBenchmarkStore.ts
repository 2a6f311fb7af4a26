/**
 * Storing the DfE's figures (tables dfe_benchmark_load and dfe_benchmark, migration 0030) and
 * reading back the ones a school compares with. A load is one transaction: the file's figures all
 * go in, or none do. A newer file's figure for the same period, area, phase and group replaces the
 * older one; the load row keeps which file each figure came from.
 */
import { randomUUID } from 'node:crypto';
import { publishedPeriodLabel, type BenchmarkLevel, type BenchmarkPhase } from '../../domain/index';
import type { Database, Queryable } from '../db/database';
import {
  readBenchmarkCsv,
  type BenchmarkFigure,
  type BenchmarkFileProblem,
} from './dfeBenchmarkCsv';

export interface BenchmarkLoad {
  readonly fileName: string;
  readonly publication: string;
  /** Who loaded it: "command line (user@host)" or a person's name. */
  readonly loadedBy: string;
  readonly now: Date;
  readonly rowsRead: number;
  readonly leftOut: Readonly<Record<string, number>>;
  readonly figures: readonly BenchmarkFigure[];
}

const COLUMNS: readonly [string, string, (f: BenchmarkFigure) => unknown][] = [
  ['time_period', 'text', (f) => f.timePeriod],
  ['time_identifier', 'text', (f) => f.timeIdentifier],
  ['level', 'text', (f) => f.level],
  ['area_code', 'text', (f) => f.areaCode],
  ['area_name', 'text', (f) => f.areaName],
  ['region_code', 'text', (f) => f.regionCode],
  ['phase', 'text', (f) => f.phase],
  ['group_key', 'text', (f) => f.groupKey],
  ['enrolments', 'bigint', (f) => f.enrolments],
  ['sessions_possible', 'bigint', (f) => f.sessionsPossible],
  ['sessions_overall', 'bigint', (f) => f.sessionsOverall],
  ['overall_percent', 'float8', (f) => f.overallPercent],
  ['persistent_enrolments', 'bigint', (f) => f.persistentEnrolments],
  ['persistent_percent', 'float8', (f) => f.persistentPercent],
  ['severe_enrolments', 'bigint', (f) => f.severeEnrolments],
  ['severe_percent', 'float8', (f) => f.severePercent],
];

/** Figures per statement: the characteristic files hold a quarter of a million rows. */
const BATCH = 5000;

/** Saves a load and its figures in one transaction; returns the load's id. */
export async function saveBenchmarkLoad(db: Database, load: BenchmarkLoad): Promise<string> {
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO dfe_benchmark_load (id, file_name, publication, loaded_at, loaded_by, rows_read, rows_kept, left_out)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        id,
        load.fileName,
        load.publication,
        load.now,
        load.loadedBy,
        load.rowsRead,
        load.figures.length,
        JSON.stringify(load.leftOut),
      ],
    );
    const names = COLUMNS.map(([name]) => name);
    const arrays = COLUMNS.map(([, type], i) => `$${i + 2}::${type}[]`).join(', ');
    const updates = names
      .filter(
        (n) =>
          !['time_period', 'time_identifier', 'level', 'area_code', 'phase', 'group_key'].includes(
            n,
          ),
      )
      .map((n) => `${n} = EXCLUDED.${n}`)
      .join(', ');
    for (let start = 0; start < load.figures.length; start += BATCH) {
      const batch = load.figures.slice(start, start + BATCH);
      await tx.query(
        `INSERT INTO dfe_benchmark (load_id, ${names.join(', ')})
         SELECT $1, * FROM unnest(${arrays})
         ON CONFLICT (level, area_code, phase, group_key, time_period, time_identifier)
         DO UPDATE SET load_id = EXCLUDED.load_id, ${updates}`,
        [id, ...COLUMNS.map(([, , value]) => batch.map(value))],
      );
    }
  });
  return id;
}

/** A stored figure with its source, as the comparison reads it. */
export interface StoredBenchmark {
  readonly level: BenchmarkLevel;
  readonly areaCode: string;
  readonly areaName: string;
  readonly groupKey: string;
  readonly timePeriod: string;
  readonly timeIdentifier: string;
  readonly enrolments: number;
  readonly sessionsPossible: number;
  readonly overallPercent: number;
  readonly persistentPercent: number | null;
  readonly severePercent: number | null;
  readonly fileName: string;
  readonly publication: string;
  readonly loadedAt: Date;
}

/**
 * Within a year, the longest period first: the full year, then two terms, then the latest term.
 * Unknown identifiers come last.
 */
const PERIOD_ORDER = `CASE lower(b.time_identifier)
    WHEN 'academic year' THEN 0 WHEN 'autumn and spring term' THEN 1 WHEN 'summer term' THEN 2
    WHEN 'spring term' THEN 3 WHEN 'autumn term' THEN 4 ELSE 5 END`;

/**
 * For each level, area and group: the latest figure of `phase` for England, the region and the
 * local authority given (null: none).
 */
export async function latestBenchmarks(
  db: Queryable,
  phase: BenchmarkPhase,
  regionCode: string | null,
  laCode: string | null,
): Promise<StoredBenchmark[]> {
  const { rows } = await db.query<{
    level: BenchmarkLevel;
    area_code: string;
    area_name: string;
    group_key: string;
    time_period: string;
    time_identifier: string;
    enrolments: string;
    sessions_possible: string;
    overall_percent: number;
    persistent_percent: number | null;
    severe_percent: number | null;
    file_name: string;
    publication: string;
    loaded_at: Date;
  }>(
    `SELECT DISTINCT ON (b.level, b.area_code, b.group_key)
            b.level, b.area_code, b.area_name, b.group_key, b.time_period, b.time_identifier,
            b.enrolments, b.sessions_possible, b.overall_percent, b.persistent_percent, b.severe_percent,
            l.file_name, l.publication, l.loaded_at
       FROM dfe_benchmark b JOIN dfe_benchmark_load l ON l.id = b.load_id
      WHERE b.phase = $1
        AND (b.level = 'national'
             OR (b.level = 'regional' AND b.area_code = $2)
             OR (b.level = 'localAuthority' AND b.area_code = $3))
      ORDER BY b.level, b.area_code, b.group_key, b.time_period DESC, ${PERIOD_ORDER}`,
    [phase, regionCode, laCode],
  );
  return rows.map((r) => ({
    level: r.level,
    areaCode: r.area_code,
    areaName: r.area_name,
    groupKey: r.group_key,
    timePeriod: r.time_period,
    timeIdentifier: r.time_identifier,
    enrolments: Number(r.enrolments),
    sessionsPossible: Number(r.sessions_possible),
    overallPercent: r.overall_percent,
    persistentPercent: r.persistent_percent,
    severePercent: r.severe_percent,
    fileName: r.file_name,
    publication: r.publication,
    loadedAt: r.loaded_at,
  }));
}

/** The region of a local authority, from the DfE's own local-authority and regional rows. */
export async function regionOfLa(
  db: Queryable,
  laCode: string,
): Promise<{ laName: string | null; region: { code: string; name: string | null } | null }> {
  const { rows } = await db.query<{
    la_name: string;
    region_code: string | null;
    region_name: string | null;
  }>(
    `SELECT b.area_name AS la_name, b.region_code,
            (SELECT r.area_name FROM dfe_benchmark r
              WHERE r.level = 'regional' AND r.area_code = b.region_code LIMIT 1) AS region_name
       FROM dfe_benchmark b
      WHERE b.level = 'localAuthority' AND b.area_code = $1
      ORDER BY b.time_period DESC LIMIT 1`,
    [laCode],
  );
  const row = rows[0];
  if (row === undefined) return { laName: null, region: null };
  return {
    laName: row.la_name === '' ? null : row.la_name,
    region: row.region_code === null ? null : { code: row.region_code, name: row.region_name },
  };
}

/** The publication a file is from when nobody says otherwise. */
export const DEFAULT_PUBLICATION = 'Pupil absence in schools in England';

export type BenchmarkFileLoad =
  | {
      readonly ok: true;
      readonly loadId: string;
      readonly rowsRead: number;
      readonly kept: number;
      readonly leftOut: Readonly<Record<string, number>>;
      /** The periods the file held, e.g. ["Autumn term 2024/25"]. */
      readonly periods: readonly string[];
    }
  | { readonly ok: false; readonly problems: readonly BenchmarkFileProblem[] };

/** Reads a downloaded DfE file and saves it, all or nothing (what the command line runs). */
export async function loadBenchmarkFile(
  db: Database,
  file: { fileName: string; text: string; publication: string; loadedBy: string; now: Date },
): Promise<BenchmarkFileLoad> {
  const read = readBenchmarkCsv(file.text);
  if (!read.ok) return read;
  const loadId = await saveBenchmarkLoad(db, {
    fileName: file.fileName,
    publication: file.publication,
    loadedBy: file.loadedBy,
    now: file.now,
    rowsRead: read.rowsRead,
    leftOut: read.leftOut,
    figures: read.figures,
  });
  const periods = [
    ...new Set(read.figures.map((f) => publishedPeriodLabel(f.timePeriod, f.timeIdentifier))),
  ];
  return {
    ok: true,
    loadId,
    rowsRead: read.rowsRead,
    kept: read.figures.length,
    leftOut: read.leftOut,
    periods,
  };
}
