import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import {
  pupilListResponseSchema,
  pupilRollResponseSchema,
  type RollPupil,
} from '../../shared/api/dataSchemas';
import { routePath } from '../../shared/api/routes';
import type { AppDb } from '../db/appDb';
import { freshDb } from '../testSupport.fixture';
import { fakeAdminServer, ok, refused, sectionProps, type Handler } from './adminServer.fixture';
import { RollPanel } from './RollPanel';
import * as dataApi from '../../shared/api/endpoints/dataEndpoints';

let db: AppDb;
afterEach(() => {
  cleanup();
  db.close();
});

const ADA: RollPupil = {
  id: '00000000-0000-4000-8000-0000000a0001',
  upn: 'A123456789012',
  name: 'Ada Adams',
  groupName: '3A',
  admissionDate: '2023-09-01',
  leavingDate: null,
  grounds: null,
  lastChange: null,
};

describe('the admission register panel', { timeout: 30_000 }, () => {
  it('sets a leaving date with its ground, and shows the server’s refusal in its own words', async () => {
    db = freshDb();
    let puts = 0;
    const handler: Handler = (request) => {
      if (request.method === 'GET' && request.path === dataApi.listRoll.path) {
        return ok(pupilListResponseSchema, { pupils: [ADA] });
      }
      if (
        request.method === 'PUT' &&
        request.path === routePath(dataApi.setPupilRoll.path, { id: ADA.id })
      ) {
        puts += 1;
        if (puts === 1) {
          return refused(
            400,
            'invalid_request',
            'Ada Adams has register entries up to 3 March 2025; a name is not deleted from the register retrospectively, so the leaving date must be that day or later.',
          );
        }
        return ok(pupilRollResponseSchema, {
          pupil: {
            ...ADA,
            leavingDate: '2025-03-04',
            grounds: 'home_education',
            lastChange: { at: '2025-03-04T09:00:00.000Z', byName: 'Ann Admin', role: 'admin' },
          },
        });
      }
      return refused(404, 'not_found', 'No such endpoint.');
    };
    const server = fakeAdminServer(handler);
    const { props } = sectionProps(db, server.fetch);
    const user = userEvent.setup();
    render(<RollPanel {...props} />);

    const row = (await screen.findByRole('rowheader', { name: /Ada Adams/ })).closest('tr');
    expect(within(row as HTMLElement).getByText('On roll')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Change dates for Ada Adams' }));
    const form = screen.getByRole('form', { name: 'Dates for Ada Adams' });
    await user.type(within(form).getByLabelText(/Leaving date/), '2025-03-02');
    await user.selectOptions(
      within(form).getByLabelText('Ground for deletion'),
      'Parent gave written notice of education otherwise than at school',
    );
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /leaving date must be that day or later/,
    );
    expect(server.requests.filter((r) => r.method === 'PUT').map((r) => r.body)).toEqual([
      { admissionDate: '2023-09-01', leavingDate: '2025-03-02', grounds: 'home_education' },
    ]);

    await user.clear(within(form).getByLabelText(/Leaving date/));
    await user.type(within(form).getByLabelText(/Leaving date/), '2025-03-04');
    await user.selectOptions(within(form).getByLabelText('Ground for deletion'), 'home_education');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Ada Adams: saved.')).toBeInTheDocument();
    expect(
      screen.getByText('Parent gave written notice of education otherwise than at school'),
    ).toBeInTheDocument();
  });
});
