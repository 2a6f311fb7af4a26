/**
 * Loading a chunk once, and the register's chunk (docs/design.md §3.1): it
 * loads while the lock screen waits for the PIN (main.tsx) and is in the service worker's
 * precache, so it loads offline too.
 *
 * Each loader loads its chunk once; after a failed load (a broken update) the next call tries
 * again. `loaded()` gives the module at once when it has arrived, so a screen that needs it does
 * not show a fallback for a frame (as React's `lazy` would).
 */
import type * as RegisterScreenModule from '../register/RegisterScreen';

export interface Chunk<T> {
  readonly load: () => Promise<T>;
  readonly loaded: () => T | null;
}

export function chunk<T>(importIt: () => Promise<T>): Chunk<T> {
  let module: T | null = null;
  let loading: Promise<T> | null = null;
  return {
    load: () =>
      (loading ??= importIt().then(
        (m) => (module = m),
        (error: unknown) => {
          loading = null;
          throw error;
        },
      )),
    loaded: () => module,
  };
}

export type RegisterModule = typeof RegisterScreenModule;

/** The register screen (shell/SectionView.tsx). */
export const registerChunk: Chunk<RegisterModule> = chunk(
  () => import('../register/RegisterScreen'),
);

/** Loads the register's chunk (from the service worker's cache when offline). */
export const loadRegister = (): Promise<RegisterModule> => registerChunk.load();
