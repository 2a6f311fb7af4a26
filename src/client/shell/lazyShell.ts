/**
 * The shell's chunk (docs/design.md §3.1): the first load draws the lock
 * screen from a raw IndexedDB read (auth/lockFacts.ts) with no Dexie and no zod; this chunk
 * (`./Unlocked.tsx`: the status bar, Dexie's live reads, the PIN check and its store, the chrome
 * around the sections) loads once the lock screen is painted, while the teacher types their PIN,
 * beside the register's (./registerChunk.ts). Both are in the service worker's precache, so they
 * load offline too.
 */
import type * as UnlockedModule from './Unlocked';
import { chunk, type Chunk } from './registerChunk';

export type ShellModule = typeof UnlockedModule;

/** The shell beyond the lock screen (shell/Unlocked.tsx). */
export const shellChunk: Chunk<ShellModule> = chunk(() => import('./Unlocked'));
