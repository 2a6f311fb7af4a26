import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppDb } from '../db/appDb';
import { setMeta } from '../db/meta';
import {
  bindSyncStatusStore,
  resetSyncStatusStore,
  useSyncStatusStore,
} from '../sync/syncStatusStore';
import { INITIAL_SYNC_STATUS, type SyncStatus } from '../sync/syncStatus';
import { freshDb } from '../testSupport.fixture';
import { StatusBar } from './StatusBar';

const DESKTOP = {
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
  platform: 'Linux x86_64',
  maxTouchPoints: 0,
  isStandalone: false,
};
const IPAD_SAFARI = {
  userAgent:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15',
  platform: 'MacIntel',
  maxTouchPoints: 5,
  isStandalone: false,
};
const NOW = Date.parse('2025-09-08T10:00:00Z');

let db: AppDb;
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  localStorage.clear();
  resetSyncStatusStore();
  db.close();
});

function memoryPrefs() {
  const values = new Map<string, string>();
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  };
}

describe('StatusBar', () => {
  it('says online, nothing waiting, and when it last synced', async () => {
    db = freshDb();
    useSyncStatusStore.setState({ lastSyncedAt: new Date(NOW - 5 * 60_000).toISOString() });
    render(<StatusBar db={db} platform={DESKTOP} now={NOW} prefs={null} />);
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent('Online');
    expect(await screen.findByText('All marks sent')).toBeInTheDocument();
    expect(status).toHaveTextContent(/Last synced \d\d:\d\d/);
  });

  it('warns when the tablet’s clock is more than two minutes out, saying which way', () => {
    db = freshDb();
    useSyncStatusStore.setState({ clockOffsetMs: 5 * 60_000, clockWarning: true });
    render(<StatusBar db={db} platform={DESKTOP} now={NOW} prefs={null} />);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'This tablet’s clock is about 5 minutes slow. Late marks use it, so ask for it to be corrected.',
    );
  });

  it('says hours for a clock that is hours out', () => {
    db = freshDb();
    useSyncStatusStore.setState({ clockOffsetMs: -349 * 60_000, clockWarning: true });
    render(<StatusBar db={db} platform={DESKTOP} now={NOW} prefs={null} />);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'This tablet’s clock is about 6 hours fast.',
    );
  });

  it('says nothing about a clock that is close enough', () => {
    db = freshDb();
    useSyncStatusStore.setState({ clockOffsetMs: 60_000, clockWarning: false });
    render(<StatusBar db={db} platform={DESKTOP} now={NOW} prefs={null} />);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('warns when the browser refused persistent storage', async () => {
    db = freshDb();
    await setMeta(db, 'persistence', 'refused');
    render(<StatusBar db={db} platform={DESKTOP} now={NOW} prefs={null} />);
    expect(
      await screen.findByText(/This browser has not agreed to keep Tickmark’s data/),
    ).toBeInTheDocument();
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
    const { unmount } = render(<StatusBar db={db} platform={DESKTOP} now={NOW} prefs={null} />);
    expect(screen.getByText('Offline')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    unmount();
    useSyncStatusStore.setState({
      isOnline: true,
      error: { kind: 'transient', status: 503, message: 'The server cannot reach its database.' },
    });
    render(<StatusBar db={db} platform={DESKTOP} now={NOW} prefs={null} />);
    expect(screen.getByRole('alert')).toHaveTextContent('The server cannot reach its database.');
  });

  it('on iPad Safari suggests the Home Screen, says why, and remembers a dismissal', async () => {
    db = freshDb();
    const prefs = memoryPrefs();
    const user = userEvent.setup();
    const { unmount } = render(
      <StatusBar db={db} platform={IPAD_SAFARI} now={NOW} prefs={prefs} />,
    );
    expect(screen.getByText('Add Tickmark to the Home Screen')).toBeInTheDocument();
    expect(
      screen.getByText(/Safari deletes a website’s saved data after 7 days/),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText('Add Tickmark to the Home Screen')).not.toBeInTheDocument();
    unmount();
    render(<StatusBar db={db} platform={IPAD_SAFARI} now={NOW} prefs={prefs} />);
    expect(screen.queryByText('Add Tickmark to the Home Screen')).not.toBeInTheDocument();
  });

  it('does not suggest the Home Screen once installed, or on a desktop', () => {
    db = freshDb();
    render(
      <StatusBar
        db={db}
        platform={{ ...IPAD_SAFARI, isStandalone: true }}
        now={NOW}
        prefs={null}
      />,
    );
    render(<StatusBar db={db} platform={DESKTOP} now={NOW} prefs={null} />);
    expect(screen.queryByText('Add Tickmark to the Home Screen')).not.toBeInTheDocument();
  });

  describe('from the first frame', () => {
    it('says Offline before the engine has loaded when the browser is offline', () => {
      db = freshDb();
      vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
      // A reload: the store starts again before any sync engine exists.
      resetSyncStatusStore();
      render(<StatusBar db={db} platform={DESKTOP} now={NOW} prefs={null} />);
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
      render(<StatusBar db={db} platform={DESKTOP} now={NOW} prefs={null} />);
      expect(screen.getByRole('status')).toHaveTextContent('Offline');
    });

    it('never says “Offline · Syncing…” while an attempt is under way offline', () => {
      db = freshDb();
      useSyncStatusStore.setState({
        isOnline: false,
        isSyncing: true,
        lastSyncedAt: new Date(NOW - 60 * 60_000).toISOString(),
      });
      render(<StatusBar db={db} platform={DESKTOP} now={NOW} prefs={null} />);
      const status = screen.getByRole('status');
      expect(status).toHaveTextContent('Offline');
      expect(status).not.toHaveTextContent('Syncing');
      expect(status).toHaveTextContent(/Last synced \d\d:\d\d/);
    });
  });
});
