import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MARKS_EXPORT_HEADER } from '../../shared/api/dataSchemas';
import type { AppDb } from '../db/appDb';
import { freshDb } from '../testSupport.fixture';
import { fakeAdminServer, sectionProps } from './adminServer.fixture';
import { defaultRange, ExportPanel } from './ExportPanel';
import * as dataApi from '../../shared/api/endpoints/dataEndpoints';
import { captureSavedFiles, type SavedFile } from '../ui/savedFiles.fixture';

const MARKS_CSV = `${MARKS_EXPORT_HEADER.join(',')}\r\nA123456789012,2025-09-08,AM,/,,,,\r\n`;

let db: AppDb | undefined;

/** The blob's text, byte-order mark kept (jsdom's Blob has no text()). */
function blobText(blob: Blob | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    if (blob === undefined) {
      reject(new Error('no file was saved'));
      return;
    }
    const reader = new FileReader();
    reader.onload = () =>
      resolve(new TextDecoder('utf-8', { ignoreBOM: true }).decode(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsArrayBuffer(blob);
  });
}
let saved: SavedFile[];

beforeEach(() => {
  saved = captureSavedFiles();
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  db?.close();
  db = undefined;
});

describe('exporting marks', { timeout: 30_000 }, () => {
  it('the default range is the school year so far', () => {
    expect(defaultRange(Date.parse('2025-10-06T09:00:00Z'))).toEqual({
      from: '2025-09-01',
      to: '2025-10-06',
    });
    expect(defaultRange(Date.parse('2026-03-02T09:00:00Z'))).toEqual({
      from: '2025-09-01',
      to: '2026-03-02',
    });
  });

  it('downloads the marks for the chosen dates as a CSV file', async () => {
    db = freshDb();
    const server = fakeAdminServer(() => ({ status: 200, text: MARKS_CSV, type: 'text/csv' }));
    const { props } = sectionProps(db, server.fetch);
    const user = userEvent.setup();
    render(<ExportPanel {...props} />);

    const from = screen.getByLabelText('From');
    await user.clear(from);
    await user.type(from, '08/09/2025');
    await user.click(screen.getByRole('button', { name: 'Download marks (CSV)' }));

    expect(await screen.findByRole('status')).toHaveTextContent(
      'Downloaded the marks from Mon, 8 Sept 2025 to Mon, 6 Oct 2025 as “marks-test-primary-2025-09-08-to-2025-10-06.csv”.',
    );
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.path).toBe(dataApi.exportMarksCsv.path);
    expect(Object.fromEntries(server.requests[0]?.query ?? [])).toEqual({
      from: '2025-09-08',
      to: '2025-10-06',
    });
    expect(saved.map((file) => file.name)).toEqual([
      'marks-test-primary-2025-09-08-to-2025-10-06.csv',
    ]);
    // With a byte-order mark, so Excel reads names like "Zoë" as UTF-8.
    expect(await blobText(saved[0]?.blob)).toBe(`\uFEFF${MARKS_CSV}`);
  });

  it('will not ask for a range that ends before it starts', async () => {
    db = freshDb();
    const server = fakeAdminServer(() => ({ status: 200, text: MARKS_CSV, type: 'text/csv' }));
    const { props } = sectionProps(db, server.fetch);
    const user = userEvent.setup();
    render(<ExportPanel {...props} />);

    const to = screen.getByLabelText('To');
    await user.clear(to);
    await user.type(to, '01/08/2025');

    expect(screen.getByText('The “to” date is before the “from” date.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download marks (CSV)' })).toBeDisabled();
    expect(server.requests).toHaveLength(0);
  });
});
