/**
 * Renders its children only once the screen around it has been painted and the page is idle:
 * for parts of a screen that are not needed at once (the school switcher, which loads its own
 * chunk and asks the server for a list) and would otherwise compete with the register's first
 * paint on a slow tablet (issue 10).
 */
import { useEffect, useState, type ReactNode } from 'react';
import { afterFirstScreen } from './afterFirstScreen';

export function WhenIdle({ children }: { readonly children: ReactNode }) {
  const [isIdle, setIdle] = useState(false);
  useEffect(() => {
    let isMounted = true;
    afterFirstScreen(() => {
      if (isMounted) setIdle(true);
    });
    return () => {
      isMounted = false;
    };
  }, []);
  return isIdle ? children : null;
}
