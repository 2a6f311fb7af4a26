import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { catchDownloads, onlyFile, textOf } from '../ui/downloads.fixture';
import { DataTable } from './DataTable';

afterEach(() => {
  cleanup();
});

interface Row {
  readonly name: string;
  readonly sessions: number;
}

describe('a report table with nothing in it', () => {
  it('says so, and still downloads a CSV with its header row', async () => {
    const files = catchDownloads();
    render(
      <DataTable<Row>
        caption="Persistent absence"
        columns={[
          { header: 'Pupil', value: (row) => row.name },
          { header: 'Sessions missed', value: (row) => row.sessions, isNumeric: true },
        ]}
        rows={[]}
        rowKey={(row) => row.name}
        filename="persistent-absence.csv"
        emptyText="No pupil is persistently absent."
      />,
    );
    expect(screen.getByText('No pupil is persistently absent.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Download CSV: Persistent absence' }));
    const file = onlyFile(files);
    expect(file.name).toBe('persistent-absence.csv');
    expect(file.blob.type).toBe('text/csv;charset=utf-8');
    expect(await textOf(file.blob)).toBe('Pupil,Sessions missed');
  });
});
