import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppDb } from '../db/appDb';
import { setMeta } from '../db/meta';
import { freshDb } from '../testSupport.fixture';
import { StorageNotice } from './StorageNotice';

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

let db: AppDb;
afterEach(() => {
  cleanup();
  db.close();
});

function memoryPrefs() {
  const values = new Map<string, string>();
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  };
}

describe('StorageNotice', () => {
  it('says once that the browser refused to keep the data, offers to ask again, and remembers “Got it”', async () => {
    db = freshDb();
    await setMeta(db, 'persistence', 'refused');
    const prefs = memoryPrefs();
    const onKeepData = vi.fn();
    const user = userEvent.setup();
    const { unmount } = render(
      <StorageNotice db={db} platform={DESKTOP} prefs={prefs} onKeepData={onKeepData} />,
    );
    expect(
      await screen.findByText(/This browser has not agreed to keep Tickmark’s data/),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Ask the browser again' }));
    expect(onKeepData).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole('button', { name: 'Got it' }));
    expect(screen.queryByRole('region', { name: 'Keep marks safe on this tablet' })).toBeNull();
    unmount();
    // Beside a notice on a tablet that has not seen it (the control): once that one has read the
    // refusal, the one already seen still shows nothing.
    render(
      <>
        <StorageNotice db={db} platform={DESKTOP} prefs={prefs} />
        <StorageNotice db={db} platform={DESKTOP} prefs={memoryPrefs()} />
      </>,
    );
    await screen.findByText(/has not agreed to keep/);
    expect(screen.getAllByRole('region', { name: 'Keep marks safe on this tablet' })).toHaveLength(
      1,
    );
  });

  it('on iPad Safari gives the Home Screen steps and why', async () => {
    db = freshDb();
    render(<StorageNotice db={db} platform={IPAD_SAFARI} prefs={null} />);
    expect(await screen.findByText('Add Tickmark to the Home Screen')).toBeInTheDocument();
    expect(
      screen.getByText(/Safari deletes a website’s saved data after 7 days/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Ask the browser again' })).toBeNull();
  });

  it('says nothing when the data is kept, on a desktop or an installed iPad app', async () => {
    db = freshDb();
    await setMeta(db, 'persistence', 'granted');
    render(
      <>
        <StorageNotice db={db} platform={DESKTOP} prefs={null} />
        <StorageNotice db={db} platform={{ ...IPAD_SAFARI, isStandalone: true }} prefs={null} />
        <StorageNotice db={db} platform={IPAD_SAFARI} prefs={null} />
      </>,
    );
    // The last (Safari outside the Home Screen) is the control: it shows once the answer is read.
    await screen.findByText('Add Tickmark to the Home Screen');
    expect(screen.getAllByRole('region', { name: 'Keep marks safe on this tablet' })).toHaveLength(
      1,
    );
    expect(screen.queryByText(/has not agreed to keep/)).toBeNull();
  });
});
