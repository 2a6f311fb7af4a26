/**
 * The walls between the rooms (docs/design.md §1) are real only if breaking one fails `npm test`.
 * These tests feed ESLint and the TypeScript compiler code that crosses a wall, as if it were a
 * file in the room, and expect them to refuse it.
 */
import { ESLint } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const eslint = new ESLint({ cwd: root });

async function lintErrors(relativePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, relativePath) });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.message);
}

describe('lint keeps imports pointing inward', () => {
  it.each([
    [
      'src/domain/codes/x.ts',
      "import { a } from '../../shared/api/routes';",
      'src/domain may import only',
    ],
    ['src/domain/x.ts', "import { a } from '../server/main';", 'src/domain may import only'],
    ['src/domain/x.ts', "import { a } from '../client/App';", 'src/domain may import only'],
    ['src/domain/x.ts', "import { readFileSync } from 'node:fs';", 'src/domain may import only'],
    ['src/domain/x.ts', "import { useState } from 'react';", 'src/domain may import only'],
    ['src/domain/x.ts', "import type { Dexie } from 'dexie';", 'src/domain may import only'],
    ['src/shared/x.ts', "import { a } from '../server/main';", 'src/shared may import only'],
    ['src/shared/x.ts', "import { a } from '../client/App';", 'src/shared may import only'],
    ['src/client/x.ts', "import { a } from '../server/main';", 'src/client may import only'],
    ['src/client/x.ts', "import { readFileSync } from 'node:fs';", 'no Node modules'],
    ['src/server/x.ts', "import { App } from '../client/App';", 'src/server may import only'],
    ['src/server/x.ts', "import { Dexie } from 'dexie';", 'Browser libraries stay in src/client'],
  ])('%s: %s is refused', async (file, code, expected) => {
    const errors = await lintErrors(
      file,
      `${code}\nexport const used = a;\n`.replace('a;', 'a ?? 1;'),
    );
    expect(errors.some((m) => m.includes(expected))).toBe(true);
  });

  it.each([
    ['src/domain/x.ts', "import { z } from 'zod';\nexport const s = z.string();\n"],
    ['src/domain/x.ts', "import { addDays } from 'date-fns';\nexport const f = addDays;\n"],
    ['src/domain/x.ts', "import { TZDate } from '@date-fns/tz';\nexport const t = TZDate;\n"],
    [
      'src/shared/x.ts',
      "import { localDate } from '../domain/index';\nexport const d = localDate;\n",
    ],
    [
      'src/server/x.ts',
      "import { ROUTES } from '../shared/api/routes';\nexport const r = ROUTES;\n",
    ],
  ])('%s may use %s', async (file, code) => {
    expect(await lintErrors(file, code)).toEqual([]);
  });
});

describe('lint keeps the domain pure', () => {
  it.each([
    ['export const now = new Date();', 'never reads the clock'],
    ['export const now = Date.now();', 'never reads the clock'],
    ['export const r = Math.random();', 'deterministic'],
    ['export const tz = process.env.TZ;', 'The domain is pure'],
    ['export const w = window.location;', 'The domain is pure'],
    ['export const g = globalThis;', 'The domain is pure'],
  ])('%s is refused', async (code, expected) => {
    const errors = await lintErrors('src/domain/rules.ts', code);
    expect(errors.some((m) => m.includes(expected))).toBe(true);
  });

  it('allows a Date built from an argument', async () => {
    expect(
      await lintErrors('src/domain/rules.ts', 'export const at = (ms: number) => new Date(ms);\n'),
    ).toEqual([]);
  });
});

describe('the domain tsconfig has no DOM or Node types', () => {
  function diagnosticsFor(source: string): string[] {
    const configPath = join(root, 'src/domain/tsconfig.json');
    const parsed = ts.getParsedCommandLineOfConfigFile(
      configPath,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: () => {},
      },
    );
    if (!parsed) throw new Error('could not read src/domain/tsconfig.json');
    const fileName = join(root, 'src/domain/__probe__.ts');
    const options = {
      ...parsed.options,
      noEmit: true,
      composite: false,
      emitDeclarationOnly: false,
    };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    host.readFile = (name) => (name === fileName ? source : readFile(name));
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => name === fileName || fileExists(name);
    const program = ts.createProgram([fileName], options, host);
    return ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }

  it.each([
    ['window', 'export const x = window.innerWidth;'],
    ['document', 'export const x = document.title;'],
    ['indexedDB', 'export const x = indexedDB;'],
    ['process', 'export const x = process.env;'],
    ['Buffer', 'export const x = Buffer.from("a");'],
  ])('%s does not type-check in src/domain', (name, source) => {
    const messages = diagnosticsFor(source);
    expect(messages.some((m) => m.includes(`Cannot find name '${name}'`))).toBe(true);
  });

  it('plain ES2022 does type-check', () => {
    expect(diagnosticsFor('export const x: number = [1, 2].at(-1) ?? 0;')).toEqual([]);
  });
});
