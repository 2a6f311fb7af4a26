/**
 * Zod without its compiled parsers, set before any schema is built (main.tsx imports this
 * first). The server's Content-Security-Policy has no 'unsafe-eval', so zod could never compile
 * a parser with `new Function` here anyway; without this, its probe for whether it may still
 * counts as a policy violation in the browser (test/e2e/csp.e2e.test.ts).
 *
 * Set through zod's core (one small module, shared by every chunk that builds schemas), not
 * through classic zod's `z`: the first load carries no zod schemas (docs/design.md §3.1).
 */
import { config } from 'zod/v4/core';

config({ jitless: true });
