import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloadTextFile } from '../ui/downloadFile';
import { DataTable } from './DataTable';

vi.mock('../ui/downloadFile', async (original) => ({
  ...(await original<object>()),
  downloadTextFile: vi.fn(),
}));

afterEach(() => {
  cleanup();
  vi.mocked(downloadTextFile).mockClear();
});

interface Row {
  readonly name: string;
  readonly sessions: number;
}

describe('a report table with nothing in it', () => {
  it('says so, and still downloads a CSV with its header row', async () => {
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
    expect(downloadTextFile).toHaveBeenCalledWith(
      'persistent-absence.csv',
      'Pupil,Sessions missed',
      'text/csv;charset=utf-8',
    );
  });
});
