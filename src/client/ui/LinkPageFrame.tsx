/** The plain frame of the pages opened from a link (setup, choosing a password): no app bar. */
import type { ReactNode } from 'react';

export function LinkPageFrame({ children }: { readonly children: ReactNode }) {
  return (
    <div className="app">
      <main className="app__main">
        <section className="screen screen--narrow">{children}</section>
      </main>
    </div>
  );
}
