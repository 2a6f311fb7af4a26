import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppDb } from '../db/appDb';
import {
  bindSyncStatusStore,
  resetSyncStatusStore,
  useSyncStatusStore,
} from '../sync/syncStatusStore';
import { INITIAL_SYNC_STATUS, type SyncStatus } from '../sync/syncStatus';
import { outboxCountsFeed } from '../marks/outboxCounts';
import { freshDb } from '../testSupport.fixture';
import { StatusBar } from './StatusBar';

const NOW = Date.parse('2025-09-08T10:00:00Z');

let db: AppDb;
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  localStorage.clear();
  resetSyncStatusStore();
  db.close();
});

describe('StatusBar', () => {
  it('says online, nothing waiting, and when it last synced', async () => {
    db = freshDb();
    useSyncStatusStore.setState({ lastSyncedAt: new Date(NOW - 5 * 60_000).toISOString() });
    render(<StatusBar counts={outboxCountsFeed(db)} now={NOW} />);
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent('Online');
    expect(await screen.findByText('All marks sent')).toBeInTheDocument();
    expect(status).toHaveTextContent(/Last synced \d\d:\d\d/);
  });

  it('warns when the tablet’s clock is more than two minutes out, saying which way', () => {
    db = freshDb();
    useSyncStatusStore.setState({ clockOffsetMs: 5 * 60_000, clockWarning: true });
    render(<StatusBar counts={outboxCountsFeed(db)} now={NOW} />);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'This tablet’s clock is about 5 minutes slow. Late marks use it, so ask for it to be corrected.',
    );
  });

  it('says hours for a clock that is hours out', () => {
    db = freshDb();
    useSyncStatusStore.setState({ clockOffsetMs: -349 * 60_000, clockWarning: true });
    render(<StatusBar counts={outboxCountsFeed(db)} now={NOW} />);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'This tablet’s clock is about 6 hours fast.',
    );
  });

  it('says nothing about a clock that is close enough', () => {
    db = freshDb();
    useSyncStatusStore.setState({ clockOffsetMs: 60_000, clockWarning: false });
    render(<StatusBar counts={outboxCountsFeed(db)} now={NOW} />);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows a transient server failure but not a plain loss of network', () => {
    db = freshDb();
    useSyncStatusStore.setState({
      isOnline: false,
      error: {
        kind: 'transient',
        status: null,
        message: 'The office server could not be reached.',
      },
    });
    const { unmount } = render(<StatusBar counts={outboxCountsFeed(db)} now={NOW} />);
    expect(screen.getByText('Offline')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    unmount();
    useSyncStatusStore.setState({
      isOnline: true,
      error: { kind: 'transient', status: 503, message: 'The server cannot reach its database.' },
    });
    render(<StatusBar counts={outboxCountsFeed(db)} now={NOW} />);
    expect(screen.getByRole('alert')).toHaveTextContent('The server cannot reach its database.');
  });

  describe('from the first frame', () => {
    it('says Offline before the engine has loaded when the browser is offline', () => {
      db = freshDb();
      vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
      // A reload: the store starts again before any sync engine exists.
      resetSyncStatusStore();
      render(<StatusBar counts={outboxCountsFeed(db)} now={NOW} />);
      const status = screen.getByRole('status');
      expect(status).toHaveTextContent('Offline');
      expect(status).not.toHaveTextContent('Online');
    });

    it('says Offline after a reload when the office was last found unreachable', () => {
      db = freshDb();
      const listeners = new Set<(status: SyncStatus) => void>();
      const unbind = bindSyncStatusStore({
        subscribe: (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      });
      for (const listener of listeners) listener({ ...INITIAL_SYNC_STATUS, isOnline: false });
      unbind();
      // The browser still claims a network (a captive portal, a dead router): the last request
      // knows better.
      resetSyncStatusStore();
      render(<StatusBar counts={outboxCountsFeed(db)} now={NOW} />);
      expect(screen.getByRole('status')).toHaveTextContent('Offline');
    });

    it('never says “Offline · Syncing…” while an attempt is under way offline', () => {
      db = freshDb();
      useSyncStatusStore.setState({
        isOnline: false,
        isSyncing: true,
        lastSyncedAt: new Date(NOW - 60 * 60_000).toISOString(),
      });
      render(<StatusBar counts={outboxCountsFeed(db)} now={NOW} />);
      const status = screen.getByRole('status');
      expect(status).toHaveTextContent('Offline');
      expect(status).not.toHaveTextContent('Syncing');
      expect(status).toHaveTextContent(/Last synced \d\d:\d\d/);
    });
  });
});
