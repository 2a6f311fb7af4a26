/**
 * The one top-level error boundary (docs/design.md §9): a bug or damaged storage shows a plain
 * message and a way out instead of a blank screen. Marks already saved stay in IndexedDB.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  readonly error: Error | null;
}

export class ErrorBoundary extends Component<{ readonly children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Tickmark screen failed', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    return (
      <section className="screen notice notice--error" role="alert">
        <h1>Something went wrong on this screen</h1>
        <p>Marks already saved on this tablet are kept. Reload Tickmark to carry on.</p>
        <p className="hint">{error.message}</p>
        <button type="button" className="button button--primary" onClick={() => location.reload()}>
          Reload Tickmark
        </button>
      </section>
    );
  }
}
