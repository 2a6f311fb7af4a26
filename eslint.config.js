// Lint is one of the walls between the rooms (design.md §8): imports point inward only,
// client/server → shared → domain, and the domain never touches the clock, the environment or
// a browser or Node global. `npm test` runs this with --max-warnings 0.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const roomMessage = (room, allowed) =>
  `${room} may import only ${allowed} (design.md §8: imports point inward, client/server → shared → domain).`;

const outOfRoom = (rooms) => ({ regex: `(^|/)(${rooms.join('|')})(/|$)` });

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'test-results/', 'dev-dist/'],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports (style.md §8.9).' },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    ignores: ['src/domain/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              ...outOfRoom(['shared', 'client', 'server', 'test']),
              message: roomMessage('src/domain', 'itself, zod, date-fns and @date-fns/tz'),
            },
            {
              regex: '^(?!\\.|zod$|date-fns($|/)|@date-fns/tz$)',
              message: roomMessage('src/domain', 'itself, zod, date-fns and @date-fns/tz'),
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'navigator',
          'localStorage',
          'sessionStorage',
          'indexedDB',
          'fetch',
          'process',
          'Buffer',
          'require',
          'globalThis',
          'setTimeout',
          'setInterval',
        ].map((name) => ({
          name,
          message: 'The domain is pure: pass time, configuration and data in as arguments.',
        })),
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports (style.md §8.9).' },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'The domain never reads the clock: take `now` as an argument.',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'The domain never reads the clock: take `now` as an argument.',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'The domain is deterministic: take randomness (ids) as an argument.',
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    ignores: ['src/shared/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              ...outOfRoom(['client', 'server', 'test']),
              message: roomMessage('src/shared', 'itself and src/domain'),
            },
            {
              regex: '^(?!\\.|zod$)',
              message: roomMessage('src/shared', 'itself, src/domain and zod'),
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/client/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: globals.browser },
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              ...outOfRoom(['server']),
              message: roomMessage('src/client', 'src/shared and src/domain'),
            },
            { regex: '^node:', message: 'The PWA runs in the browser: no Node modules.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              ...outOfRoom(['client']),
              message: roomMessage('src/server', 'src/shared and src/domain'),
            },
            {
              regex: '^(react|react-dom|dexie|zustand|workbox-window)($|/)',
              message: 'Browser libraries stay in src/client.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.{ts,tsx,mjs,js}', '**/*.test.{ts,tsx}', '.ci/**/*.mjs', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // Tools (Vite, ESLint) require a default export from their config files (the e2e update
    // test builds with a config of its own under test/).
    files: ['*.config.{js,ts}', 'test/**/*.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
