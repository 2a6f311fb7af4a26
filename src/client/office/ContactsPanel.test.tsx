import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { pupilContactsResponseSchema } from '../../shared/api/parentSchemas';
import { fakeAdminServer, ok } from '../admin/adminServer.fixture';
import { ContactsPanel } from './ContactsPanel';

afterEach(cleanup);

const PUPIL = '0b6e8a4e-2f52-4c1e-9c55-6d8f1f9a1c01';
const contact = (
  n: number,
  patch: Partial<Parameters<typeof pupilContactsResponseSchema.parse>[0]> = {},
) => ({
  id: `0b6e8a4e-2f52-4c1e-9c55-6d8f1f9a1c1${n}`,
  pupilId: PUPIL,
  name: `Contact ${n}`,
  relationship: 'Mother',
  parentalResponsibility: true,
  priority: n,
  phones: [`07700 90000${n}`],
  email: null,
  language: 'en-GB',
  doNotContact: false,
  courtOrder: null,
  mayContact: true,
  ...patch,
});

describe('who to call next', () => {
  it('lists contacts in priority order with numbers to ring, and none for a restricted contact', async () => {
    const server = fakeAdminServer(() =>
      ok(pupilContactsResponseSchema, {
        contacts: [
          contact(1, {
            name: 'Dana Lee',
            relationship: 'Father',
            courtOrder: 'No contact with pupil',
            mayContact: false,
          }),
          contact(2, { name: 'Erin Lee', language: 'pl' }),
        ],
      }),
    );
    render(<ContactsPanel pupilId={PUPIL} staffId={PUPIL} fetch={server.fetch} />);
    const items = await screen.findAllByRole('listitem');
    expect(items.map((i) => i.textContent)).toEqual([
      expect.stringMatching(
        /^Dana Lee \(Father, parental responsibility\)\s*Do not contact: No contact with pupil$/,
      ),
      expect.stringMatching(
        /^Erin Lee \(Mother, parental responsibility\)07700 900002 · prefers pl$/,
      ),
    ]);
    expect(within(items[0] as HTMLElement).queryByRole('link')).toBeNull();
    expect(
      within(items[1] as HTMLElement).getByRole('link', { name: '07700 900002' }),
    ).toHaveAttribute('href', 'tel:07700900002');
    expect(server.requests[0]?.path).toBe('/api/parents/contacts');
  });
});
