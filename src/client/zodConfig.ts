/**
 * Zod without its compiled parsers, set before any schema is built (main.tsx imports this
 * first). The server's Content-Security-Policy has no 'unsafe-eval', so zod could never compile
 * a parser with `new Function` here anyway; without this, its probe for whether it may still
 * counts as a policy violation in the browser (test/e2e/csp.e2e.test.ts).
 */
import { z } from 'zod';

z.config({ jitless: true });
