/**
 * The school-key check (docs/design.md, "Keyed by school"): every SQL statement in src/server,
 * read from the source, parsed with PostgreSQL's own parser (libpg-query), and each reference to a
 * school-owned table (one with a school_id column) checked for the school in its key.
 *
 * Why from the source and not from a run of the server tests: the source holds every statement,
 * including the ones on paths no test happens to take (error branches, the retention job, imports),
 * and the check costs a second, not a run of the whole server suite. The price is the statements
 * built from pieces: each `${…}` is read as the compiler types it — a constant or a choice of
 * constants becomes its text (the longest choice, the one that says most), anything else a neutral
 * name — and a statement that still does not parse is reported, never passed over.
 *
 * A reference is keyed when, in its own query level (or an enclosing one, for a correlated
 * subquery), its school_id is compared (=, IN, = ANY) with something other than another table's
 * column, or equated with the school_id of a reference that is keyed (a join on the school); an
 * INSERT is keyed when it names school_id among its columns.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseSync, loadModule } from 'libpg-query';
import ts from 'typescript';

export interface SqlStatement {
  /** The file, from the repository root, and the line the statement starts on. */
  readonly file: string;
  readonly line: number;
  readonly sql: string;
  /**
   * Readings of a statement built from pieces the compiler cannot tell (the first is `sql`): each
   * such piece read as a name, as nothing (an optional clause) or as `name = NULL` (a list of
   * assignments). The check takes the first that PostgreSQL parses.
   */
  readonly readings: readonly string[];
}

const SQL_START = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\s/i;
const NEUTRAL = 'dynamic_piece';

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.ts$/.test(name) && !/\.(test|fixture)\.ts$/.test(name)) out.push(path);
  }
  return out;
}

/**
 * The text a `${…}` stands for, as far as the compiler's types tell; otherwise a neutral piece that
 * fits where it stands (`SET a = …, b = …` and `VALUES (…), (…)` built from lists).
 */
function pieceText(
  checker: ts.TypeChecker,
  expr: ts.Expression,
  before: string,
  pieces: Set<ts.Node>,
): string[] {
  // A constant used as a piece is part of the statements it is built into, not one of its own.
  for (const declaration of checker.getSymbolAtLocation(expr)?.declarations ?? []) {
    if (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined) {
      pieces.add(declaration.initializer);
    }
  }
  const type = checker.getTypeAtLocation(expr);
  const literals = (type.isUnion() ? type.types : [type])
    .filter((t) => t.isStringLiteral())
    .map((t) => (t as ts.StringLiteralType).value);
  if (literals.length > 0 && literals.length === (type.isUnion() ? type.types.length : 1)) {
    return [literals.reduce((a, b) => (b.length > a.length ? b : a))];
  }
  const fits = /\bSET\s*$/i.test(before)
    ? `${NEUTRAL} = NULL`
    : /\bVALUES\s*$/i.test(before)
      ? '(NULL)'
      : NEUTRAL;
  return [...new Set([fits, NEUTRAL, '', `${NEUTRAL} = NULL`])];
}

/** Every string in `root` (src/server) that starts like a SQL statement, with its pieces filled. */
export function collectStatements(repoRoot: string, root: string): SqlStatement[] {
  const files = sourceFiles(root);
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const found: (SqlStatement & { node: ts.Node })[] = [];
  const pieces = new Set<ts.Node>();
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (source === undefined) continue;
    const visit = (node: ts.Node): void => {
      let readings: string[] | null = null;
      if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isStringLiteral(node)) {
        readings = [node.text];
      } else if (ts.isTemplateExpression(node)) {
        let built = [node.head.text];
        for (const span of node.templateSpans) {
          const options = pieceText(checker, span.expression, built[0] ?? '', pieces);
          // Every combination while they are few; past that, the first reading of each piece.
          const taken = built.length < 256 ? options : options.slice(0, 1);
          built = built.flatMap((r) => taken.map((o) => r + o + span.literal.text));
        }
        readings = built;
      }
      const sql = readings?.[0] ?? null;
      // An error message that quotes a statement ("INSERT … RETURNING gave no row") is prose.
      if (sql !== null && SQL_START.test(sql) && !sql.includes('…')) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push({
          file: relative(repoRoot, file),
          line: line + 1,
          sql,
          readings: readings ?? [sql],
          node,
        });
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found
    .filter((s) => !pieces.has(s.node))
    .map(({ file, line, sql, readings }) => ({ file, line, sql, readings }));
}

// ---- the check ---------------------------------------------------------------------------------

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null;

/** Nodes that open a query level of their own. */
const LEVELS = ['SelectStmt', 'UpdateStmt', 'DeleteStmt', 'InsertStmt'] as const;

interface Ref {
  readonly table: string;
  readonly name: string;
}

interface Level {
  readonly kind: (typeof LEVELS)[number];
  readonly node: Json;
  readonly refs: Ref[];
  readonly quals: Json[];
  readonly children: Level[];
}

/** The level's own parts: table references and conditions, not descending into sub-levels. */
function readLevel(kind: Level['kind'], node: Json): Level {
  const level: Level = { kind, node, refs: [], quals: [], children: [] };
  // The target of an INSERT, UPDATE or DELETE is a bare RangeVar (not wrapped as a node).
  const target = node.relation;
  if (isObject(target) && typeof target.relname === 'string') {
    const alias = isObject(target.alias) ? String(target.alias.aliasname) : target.relname;
    level.refs.push({ table: target.relname, name: alias });
  }
  const walk = (value: unknown, inQual: boolean): void => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v, inQual);
      return;
    }
    if (!isObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if ((LEVELS as readonly string[]).includes(key) && isObject(child)) {
        level.children.push(readLevel(key as Level['kind'], child));
        continue;
      }
      if (key === 'RangeVar' && isObject(child)) {
        const table = String(child.relname);
        const alias = isObject(child.alias) ? String(child.alias.aliasname) : table;
        level.refs.push({ table, name: alias });
        continue;
      }
      if (key === 'A_Expr' && inQual && isObject(child)) level.quals.push(child);
      const qualKey = key === 'whereClause' || key === 'quals' || key === 'onConflictClause';
      walk(child, inQual || qualKey);
    }
  };
  walk(node, false);
  return level;
}

/** A column reference's parts (`['e', 'school_id']`), or null when `node` is not one. */
function columnOf(node: unknown): string[] | null {
  if (!isObject(node) || !isObject(node.ColumnRef)) return null;
  const fields = node.ColumnRef.fields;
  if (!Array.isArray(fields)) return null;
  return fields.map((f: unknown) =>
    isObject(f) && isObject(f.String) ? String(f.String.sval) : '*',
  );
}

function isKeyComparison(expr: Json): boolean {
  const kind = String(expr.kind);
  const name = Array.isArray(expr.name) ? expr.name : [];
  const op = isObject(name[0]) && isObject(name[0].String) ? String(name[0].String.sval) : '';
  return op === '=' && (kind === 'AEXPR_OP' || kind === 'AEXPR_OP_ANY' || kind === 'AEXPR_IN');
}

/** The references in `level` and its sub-levels that are not keyed by school. */
function unkeyed(level: Level, owned: ReadonlySet<string>, outer: Map<string, boolean>): Ref[] {
  const visible = new Map(outer);
  const mine = level.refs.filter((r) => owned.has(r.table));
  for (const r of mine) visible.set(r.name, false);
  if (level.kind === 'InsertStmt') {
    const cols = Array.isArray(level.node.cols) ? level.node.cols : [];
    const named = cols.some(
      (c: unknown) => isObject(c) && isObject(c.ResTarget) && c.ResTarget.name === 'school_id',
    );
    const target = level.refs[0]?.name ?? '';
    if (named) visible.set(target, true);
  }
  /** The reference a `school_id` column names here: by its qualifier, or the level's only one. */
  const refOf = (col: string[]): string | null => {
    if (col.at(-1) !== 'school_id') return null;
    if (col.length >= 2) return col.at(-2) ?? null;
    return mine.length === 1 ? (mine[0]?.name ?? null) : mine.length > 1 ? '*' : null;
  };
  const joins: [string, string][] = [];
  for (const q of level.quals.filter(isKeyComparison)) {
    const left = columnOf(q.lexpr);
    const right = columnOf(q.rexpr);
    const l = left === null ? null : refOf(left);
    const r = right === null ? null : refOf(right);
    if (l !== null && r !== null) joins.push([l, r]);
    else if (l !== null && right === null)
      for (const n of l === '*' ? mine.map((m) => m.name) : [l]) visible.set(n, true);
    else if (r !== null && left === null)
      for (const n of r === '*' ? mine.map((m) => m.name) : [r]) visible.set(n, true);
  }
  // A join on the school keys both sides once either is keyed.
  const keyed = (name: string) => visible.get(name) === true;
  for (let changed = true; changed;) {
    changed = false;
    for (const [a, b] of joins) {
      if (keyed(a) !== keyed(b) && visible.has(a) && visible.has(b)) {
        visible.set(a, true);
        visible.set(b, true);
        changed = true;
      }
    }
  }
  const missing = mine.filter((r) => visible.get(r.name) !== true);
  return [...missing, ...level.children.flatMap((c) => unkeyed(c, owned, visible))];
}

let loaded = false;

/** The school-owned tables `sql` reads or writes without the school in its key, or a parse error. */
export async function unkeyedTables(
  sql: string | readonly string[],
  owned: ReadonlySet<string>,
): Promise<{ tables: string[] } | { parseError: string }> {
  if (!loaded) {
    await loadModule();
    loaded = true;
  }
  const readings = typeof sql === 'string' ? [sql] : sql;
  let tree: { stmts?: { stmt: Json }[] } | null = null;
  let firstError = '';
  for (const reading of readings) {
    try {
      tree = parseSync(reading) as { stmts?: { stmt: Json }[] };
      break;
    } catch (err) {
      firstError ||= (err as Error).message;
    }
  }
  if (tree === null) return { parseError: firstError };
  const tables = new Set<string>();
  for (const { stmt } of tree.stmts ?? []) {
    const levels: Level[] = [];
    const find = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(find);
      if (!isObject(value)) return;
      for (const [key, child] of Object.entries(value)) {
        if ((LEVELS as readonly string[]).includes(key) && isObject(child))
          levels.push(readLevel(key as Level['kind'], child));
        else find(child);
      }
    };
    find(stmt);
    for (const level of levels)
      for (const r of unkeyed(level, owned, new Map())) tables.add(r.table);
  }
  return { tables: [...tables].sort() };
}
