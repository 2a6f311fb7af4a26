import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bestClassResponseSchema,
  certificatesResponseSchema,
  type BestClassResponse,
} from '../../../shared/api/caseworkImpactSchemas';
import { fakeServer, okReply } from '../impact/caseworkServer.fixture';
import { CelebrateScreen } from './CelebrateScreen';

afterEach(cleanup);

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const cls = (n: number, name: string, rank: number, attended: number, possible: number) => ({
  group: { id: id(100 + n), name },
  rank,
  attended,
  possible,
  attendancePercent: (100 * attended) / possible,
});

const WEEK: BestClassResponse = {
  week: { from: '2025-02-24', to: '2025-03-02' },
  best: [cls(1, 'Foxes', 1, 20, 20), cls(2, 'Owls', 1, 20, 20)],
  ranking: [cls(1, 'Foxes', 1, 20, 20), cls(2, 'Owls', 1, 20, 20), cls(3, 'Hares', 3, 19, 20)],
  unranked: [{ id: id(104), name: 'Nursery' }],
};

function server(week: BestClassResponse = WEEK) {
  return fakeServer((seen) =>
    seen.path === '/api/casework/celebrate/best-class'
      ? okReply(bestClassResponseSchema, week)
      : okReply(certificatesResponseSchema, {
          from: '2024-09-01',
          to: '2025-03-04',
          percents: [100, 98],
          awards: [
            {
              pupil: { id: id(1), displayName: 'Ava Jones', groupName: 'Foxes' },
              level: 100,
              attended: 230,
              possible: 230,
              attendancePercent: 100,
            },
            {
              pupil: { id: id(2), displayName: 'Ben Khan', groupName: 'Owls' },
              level: 98,
              attended: 229,
              possible: 230,
              attendancePercent: (100 * 229) / 230,
            },
          ],
        }),
  );
}

describe('celebrating attendance', () => {
  it('lists the certificates for the period and offers them as one PDF to print', async () => {
    const s = server();
    render(<CelebrateScreen today="2025-03-04" fetch={s.fetch} />);
    const table = await screen.findByRole('table', { name: 'Certificates (2)' });
    expect(within(table).getByRole('row', { name: /Ava Jones/ })).toHaveTextContent(
      'Foxes100 %100.0 % (230 of 230 sessions)',
    );
    expect(within(table).getByRole('row', { name: /Ben Khan/ })).toHaveTextContent(
      '98 %99.5 % (229 of 230 sessions)',
    );
    expect(screen.getByText(/attendance of 100 % or 98 % or more/)).toBeInTheDocument();
    const link = screen.getByRole('link', { name: /Download the certificates to print/ });
    expect(link).toHaveAttribute(
      'href',
      '/api/casework/celebrate/certificates.pdf?from=2024-09-01&to=2025-03-04',
    );
    const asked = s.seen.find((r) => r.path === '/api/casework/celebrate/certificates');
    expect(Object.fromEntries(asked?.query ?? [])).toEqual({
      from: '2024-09-01',
      to: '2025-03-04',
    });
  });

  it('names the best class of the week, every class that ties, with the figures and a notice to print', async () => {
    const s = server();
    render(<CelebrateScreen today="2025-02-26" fetch={s.fetch} />);
    const notice = await screen.findByRole('group', { name: 'Notice to print' });
    expect(notice).toHaveTextContent('Best attendance in the week beginning 24 February 2025');
    expect(notice).toHaveTextContent('Foxes and Owls');
    expect(notice).toHaveTextContent('Joint best, each 100.0 % (20 of 20 sessions)');
    const table = screen.getByRole('table', { name: 'Every class that week' });
    expect(within(table).getByRole('row', { name: /Hares/ })).toHaveTextContent(
      '3Hares95.0 % (19 of 20 sessions)',
    );
    expect(within(table).getByRole('row', { name: /Nursery/ })).toHaveTextContent(
      'No register that week',
    );
    expect(screen.getByRole('button', { name: 'Print the notice' })).toBeInTheDocument();
    expect(s.seen.find((r) => r.path.endsWith('best-class'))?.query.get('week')).toBe('2025-02-26');
  });

  it('says so when no class has a register that week', async () => {
    const s = server({ ...WEEK, best: [], ranking: [], unranked: [] });
    render(<CelebrateScreen today="2025-02-26" fetch={s.fetch} />);
    expect(
      await screen.findByText('No class has a register in the week beginning 24 February 2025.'),
    ).toBeInTheDocument();
  });
});
