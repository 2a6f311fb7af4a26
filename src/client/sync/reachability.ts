/**
 * Whether the office server was last found reachable, remembered across reloads so the status
 * bar can say "Offline" in its very first frame: the sync engine loads later in its own chunk,
 * and its first request may take seconds to fail. Not sensitive (a yes/no), so localStorage,
 * which can be read synchronously before anything renders.
 */
const REACHABLE_KEY = 'tickmark.lastReachable';

export type ReachabilityPrefs = Pick<Storage, 'getItem' | 'setItem'>;

/** The browser's online flag and the last known reachability: offline if either says so. */
export function lastKnownOnline(
  navigatorOnLine: boolean | undefined = browserOnLine(),
  prefs: ReachabilityPrefs | null = safeLocalStorage(),
): boolean {
  if (navigatorOnLine === false) return false;
  try {
    return prefs?.getItem(REACHABLE_KEY) !== 'no';
  } catch {
    return true;
  }
}

/** Records what the engine last found, for the next start. */
export function rememberOnline(
  isOnline: boolean,
  prefs: ReachabilityPrefs | null = safeLocalStorage(),
): void {
  try {
    prefs?.setItem(REACHABLE_KEY, isOnline ? 'yes' : 'no');
  } catch {
    // Private browsing may refuse; the next start then goes by the browser's flag alone.
  }
}

function browserOnLine(): boolean | undefined {
  return (globalThis.navigator as Navigator | undefined)?.onLine;
}

function safeLocalStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
