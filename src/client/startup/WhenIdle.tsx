/**
 * Renders its children only a while after the screen around it appeared, once the page is idle:
 * for parts of a screen that are not needed at once (the school switcher, which loads its own
 * chunk and style sheets and asks the server for a list) and would otherwise compete with the
 * register's first paint on a slow tablet. The first idle moment is too early: it
 * comes while the register waits on IndexedDB.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { AFTER_SCREEN_DELAY_MS, afterFirstScreen } from './afterFirstScreen';

export function WhenIdle({ children }: { readonly children: ReactNode }) {
  const [isIdle, setIdle] = useState(false);
  useEffect(() => {
    let isMounted = true;
    const delay = window.setTimeout(() => {
      afterFirstScreen(() => {
        if (isMounted) setIdle(true);
      });
    }, AFTER_SCREEN_DELAY_MS);
    return () => {
      isMounted = false;
      window.clearTimeout(delay);
    };
  }, []);
  return isIdle ? children : null;
}
