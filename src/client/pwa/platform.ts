/**
 * Is this iPad (or iPhone) Safari outside a Home Screen app? There, WebKit deletes a site's
 * storage after seven days of Safari use without a visit (docs/design.md §3.1), which would take
 * queued marks with it; a Home Screen web app has its own counter and keeps its data.
 */

export interface PlatformFacts {
  readonly userAgent: string;
  readonly platform: string;
  readonly maxTouchPoints: number;
  /** `display-mode: standalone`, or Safari's own `navigator.standalone`. */
  readonly isStandalone: boolean;
}

/** iPhone, iPod, or an iPad (which since iPadOS 13 says it is a Mac, but has a touch screen). */
export function isAppleMobile(facts: PlatformFacts): boolean {
  return (
    /iPad|iPhone|iPod/.test(facts.userAgent) ||
    (facts.platform === 'MacIntel' && facts.maxTouchPoints > 1)
  );
}

/** Whether to suggest "Add to Home Screen". */
export function shouldSuggestHomeScreen(facts: PlatformFacts): boolean {
  return isAppleMobile(facts) && !facts.isStandalone;
}

/** The facts of the browser this page runs in. */
export function browserPlatform(): PlatformFacts {
  const nav = navigator as Navigator & { readonly standalone?: boolean };
  const standaloneQuery =
    typeof window.matchMedia === 'function' &&
    window.matchMedia('(display-mode: standalone)').matches;
  return {
    userAgent: nav.userAgent,
    platform: nav.platform,
    maxTouchPoints: nav.maxTouchPoints,
    isStandalone: standaloneQuery || nav.standalone === true,
  };
}
