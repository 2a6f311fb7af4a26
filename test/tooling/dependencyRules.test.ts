/**
 * The dependency rules (.dependency-cruiser.cjs, docs/design.md §1.1) are real only if breaking
 * one fails `npm test`. These tests lay out a small tree of rooms in a temporary folder, with one
 * import that breaks a rule, and expect the checker, run with the project's own rules, to name
 * exactly that rule; and a tree that keeps every rule to pass.
 */
import { cruise, type IReporterOutput } from 'dependency-cruiser';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const config = require(join(root, '.dependency-cruiser.cjs')) as {
  forbidden: unknown[];
  options: Record<string, unknown>;
};

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** Writes `files` (path → source) into a fresh folder and returns the rules each import broke. */
async function brokenRules(files: Record<string, string>): Promise<string[]> {
  const base = mkdtempSync(join(tmpdir(), 'tickmark-rooms-'));
  folders.push(base);
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(base, path)), { recursive: true });
    writeFileSync(join(base, path), source);
  }
  const { tsConfig: _project, cache: _cache, ...options } = config.options;
  const result: IReporterOutput = await cruise(['src'], {
    ...options,
    baseDir: base,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
  } as Parameters<typeof cruise>[1]);
  const output = result.output;
  if (typeof output === 'string') throw new Error('expected a cruise result, got text');
  return [...new Set(output.summary.violations.map((v) => v.rule.name))].sort();
}

const used = 'export const used = 1;\n';

describe('the dependency rules', () => {
  it('pass a tree that keeps to its rooms', async () => {
    expect(
      await brokenRules({
        'src/domain/rules.ts': used,
        'src/shared/api/schemas.ts':
          "import { used } from '../../domain/rules';\nexport { used };\n",
        'src/server/db/database.ts': used,
        'src/server/office/today.ts':
          "import { used } from '../db/database';\nimport { used as u } from '../../shared/api/schemas';\nexport const a = used + u;\n",
        'src/client/ui/format.ts': used,
        'src/client/office/Today.ts': "import { used } from '../ui/format';\nexport { used };\n",
      }),
    ).toEqual([]);
  });

  it.each([
    [
      'a circle of imports',
      {
        'src/server/sync/a.ts': "import { b } from './b';\nexport const a = b;\n",
        'src/server/sync/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
      },
      'no-circular',
    ],
    [
      'the client importing the server',
      {
        'src/server/logger.ts': used,
        'src/client/main.ts': "import { used } from '../server/logger';\nexport { used };\n",
      },
      'client-never-imports-server',
    ],
    [
      'the server importing the client',
      {
        'src/client/App.ts': used,
        'src/server/main.ts': "import { used } from '../client/App';\nexport { used };\n",
      },
      'server-never-imports-client',
    ],
    [
      'the domain importing the wire contract',
      {
        'src/shared/api/routes.ts': used,
        'src/domain/codes/x.ts':
          "import { used } from '../../shared/api/routes';\nexport { used };\n",
      },
      'domain-imports-only-domain',
    ],
    [
      'the wire contract importing the client',
      {
        'src/client/App.ts': used,
        'src/shared/api/x.ts': "import { used } from '../../client/App';\nexport { used };\n",
      },
      'shared-imports-only-shared-and-domain',
    ],
    [
      'one server feature importing another',
      {
        'src/server/trips/tripStore.ts': used,
        'src/server/sync/reasons.ts':
          "import { used } from '../trips/tripStore';\nexport { used };\n",
      },
      'server-sync-stays-in-its-room',
    ],
    [
      'a shared server room importing a feature',
      {
        'src/server/data/imports.ts': used,
        'src/server/db/prepare.ts': "import { used } from '../data/imports';\nexport { used };\n",
      },
      'server-shared-rooms-never-import-features',
    ],
    [
      'a server room importing an entry point',
      {
        'src/server/app.ts': used,
        'src/server/auth/x.ts': "import { used } from '../app';\nexport { used };\n",
      },
      'server-rooms-never-import-the-entry-points',
    ],
    [
      'one client feature importing another',
      {
        'src/client/register/markChoices.ts': used,
        'src/client/office/AmendForm.ts':
          "import { used } from '../register/markChoices';\nexport { used };\n",
      },
      'client-office-stays-in-its-room',
    ],
    [
      'a shared client room importing a feature',
      {
        'src/client/trips/tripException.ts': used,
        'src/client/db/metaRow.ts':
          "import { used } from '../trips/tripException';\nexport { used };\n",
      },
      'client-shared-rooms-never-import-features',
    ],
  ])('refuse %s', async (_what, files, rule) => {
    expect(await brokenRules(files)).toEqual([rule]);
  });
});
