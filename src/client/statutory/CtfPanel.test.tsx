import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ctfImportResponseSchema,
  ctfPupilsResponseSchema,
  type CtfImportResponse,
  type CtfPupilsResponse,
} from '../../shared/api/ctfSchemas';
import * as ctfApi from '../../shared/api/endpoints/ctfEndpoints';
import type { FetchLike } from '../api/call';
import type { AppDb } from '../db/appDb';
import { freshDb, ManualTimers } from '../testSupport.fixture';
import { profile, SCHOOL_ID } from '../ui/screens.fixture';
import { CtfPanel } from './CtfPanel';
import { catchDownloads, type CaughtFile } from '../ui/downloads.fixture';

const LEAVER = '00000000-0000-4000-8000-0000000c7f01';
const STAYER = '00000000-0000-4000-8000-0000000c7f02';

const PUPILS: CtfPupilsResponse = ctfPupilsResponseSchema.parse({
  school: { name: 'Oakfield Primary', lea: '202', estab: '2001' },
  pupils: [
    {
      id: LEAVER,
      displayName: 'Ava Jones',
      upn: 'A123456789012',
      dateOfBirth: '2016-02-02',
      yearGroup: '4',
      onRollTo: '2025-10-03',
    },
    {
      id: STAYER,
      displayName: 'Ben Smith',
      upn: null,
      dateOfBirth: '2016-03-03',
      yearGroup: '4',
      onRollTo: null,
    },
  ],
  nextSequence: 7,
});

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

let db: AppDb | undefined;
let saved: CaughtFile[];

beforeEach(() => {
  saved = catchDownloads();
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  db?.close();
  db = undefined;
});

/** A stand-in office server answering the three CTF endpoints as `answers` says. */
function server(answers: { export?: () => Response; import?: (body: unknown) => Response }) {
  const seen: Seen[] = [];
  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input, 'http://tickmark.test');
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    seen.push({ method: init.method ?? 'GET', path: url.pathname, query: url.searchParams, body });
    if (url.pathname === ctfApi.ctfPupils.path) return Response.json(PUPILS);
    if (url.pathname === ctfApi.ctfExport.path && answers.export !== undefined)
      return answers.export();
    if (url.pathname === ctfApi.ctfImport.path && answers.import !== undefined)
      return answers.import(body);
    return Response.json(
      { status: 'error', reason: 'not_found', message: 'No such endpoint.' },
      { status: 404 },
    );
  };
  return { fetch, seen };
}

function renderPanel(fetch: FetchLike) {
  db = freshDb();
  const timers = new ManualTimers(Date.parse('2025-10-06T09:00:00Z'));
  const staff = profile(
    { staffId: '00000000-0000-4000-8000-00000000a010', name: 'Olu Office', role: 'office' },
    { algorithm: 'PBKDF2-SHA-256', iterations: 1, salt: 'c2FsdA==', hash: 'aGFzaA==' },
    { schoolId: SCHOOL_ID },
  );
  render(<CtfPanel db={db} staff={staff} clock={timers.clock} timers={timers} fetch={fetch} />);
}

describe('making a leaver’s CTF', { timeout: 30_000 }, () => {
  it('asks for the pupil and the new school, and saves the file under the specification’s name', async () => {
    const fake = server({
      export: () =>
        new Response('<?xml version="1.0"?><CTfile/>', {
          headers: { 'Content-Type': 'application/xml' },
        }),
    });
    renderPanel(fake.fetch);
    const user = userEvent.setup();
    const pupil = await screen.findByLabelText('Pupil');
    expect(
      within(pupil)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Ava Jones (left Fri, 3 Oct 2025)', 'Ben Smith — no UPN']);
    expect(screen.getByLabelText('File number')).toHaveValue('7');
    expect(screen.getByRole('button', { name: 'Make the CTF' })).toBeDisabled();
    expect(
      screen.getByText('Enter the new school’s local authority number (3 digits).'),
    ).toBeInTheDocument();

    await user.type(screen.getByLabelText('New school’s LA number'), '203');
    await user.type(screen.getByLabelText('New school’s establishment number'), '4000');
    await user.click(screen.getByRole('button', { name: 'Make the CTF' }));

    expect(await screen.findByRole('status')).toHaveTextContent(
      'Saved “2022001_CTF_2034000_007.xml”.',
    );
    expect(saved.map((s) => s.name)).toEqual(['2022001_CTF_2034000_007.xml']);
    const request = fake.seen.find((s) => s.path === ctfApi.ctfExport.path);
    expect(Object.fromEntries(request?.query ?? [])).toEqual({
      pupilId: LEAVER,
      destLea: '203',
      destEstab: '4000',
      sequence: '7',
    });
    expect(screen.getByLabelText('File number')).toHaveValue('8');
  });

  it('sends a pupil whose next school is not known to MMMMMMM, and shows each value the server refused', async () => {
    const fake = server({
      export: () =>
        Response.json(
          {
            status: 'error',
            reason: 'invalid_request',
            message: 'The CTF was not made: The pupil has no UPN, and a CTF needs one.',
            details: {
              issues: [
                { path: 'CTfile.CTFpupilData.Pupil[0].UPN', message: 'The pupil has no UPN.' },
              ],
            },
          },
          { status: 400 },
        ),
    });
    renderPanel(fake.fetch);
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Pupil'), STAYER);
    await user.click(
      screen.getByRole('radio', { name: 'Not known (the file goes to the Lost Pupils Database)' }),
    );
    expect(screen.queryByLabelText('New school’s LA number')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Make the CTF' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The CTF was not made');
    expect(alert).toHaveTextContent('CTfile.CTFpupilData.Pupil[0].UPN: The pupil has no UPN.');
    const request = fake.seen.find((s) => s.path === ctfApi.ctfExport.path);
    expect(request?.query.get('destLea')).toBe('MMM');
    expect(request?.query.get('destEstab')).toBe('MMMM');
    expect(saved).toHaveLength(0);
  });
});

describe('importing a joining pupil’s CTF', { timeout: 30_000 }, () => {
  const file = new File(['<?xml version="1.0"?><CTfile/>'], '2022001_CTF_2034000_001.xml', {
    type: 'application/xml',
  });

  it('lists each problem of a refused file by line and field', async () => {
    const fake = server({
      import: () =>
        Response.json(
          {
            status: 'error',
            reason: 'invalid_request',
            message: 'The CTF was refused (line 22, UPN): "B123456789012" fails the UPN check.',
            details: {
              issues: [
                { path: 'line 22, UPN', message: '"B123456789012" fails the UPN check.' },
                {
                  path: 'line 40, AttendanceMarks',
                  message: 'AttendanceMarks character 3: "ZZ" is not a register code.',
                },
              ],
            },
          },
          { status: 400 },
        ),
    });
    renderPanel(fake.fetch);
    const user = userEvent.setup();
    await user.upload(await screen.findByLabelText('CTF file (XML)'), file);
    await user.click(screen.getByRole('button', { name: 'Import the history' }));
    const alert = await screen.findByRole('alert');
    expect(
      within(alert)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'Line 22, UPN: "B123456789012" fails the UPN check.',
      'Line 40, AttendanceMarks: AttendanceMarks character 3: "ZZ" is not a register code.',
    ]);
    const request = fake.seen.find((s) => s.path === ctfApi.ctfImport.path);
    expect(request?.body).toEqual({
      fileName: '2022001_CTF_2034000_001.xml',
      xml: '<?xml version="1.0"?><CTfile/>',
      dryRun: false,
    });
  });

  it('checks a file first and says what it would import', async () => {
    const answer: CtfImportResponse = ctfImportResponseSchema.parse({
      outcome: 'checked',
      importId: null,
      source: { lea: '202', estab: '2001', name: 'Elm Primary' },
      ctfVersion: '25.0',
      pupils: [
        {
          upn: 'A123456789012',
          pupilId: LEAVER,
          displayName: 'Ava Jones',
          years: [
            {
              year: 2024,
              schoolName: 'Elm Primary',
              sessionsPossible: 300,
              sessionsAttended: 280,
              sessionsAuthorised: 15,
              sessionsUnauthorised: 5,
              marks: 330,
            },
          ],
        },
      ],
    });
    const fake = server({ import: () => Response.json(answer) });
    renderPanel(fake.fetch);
    const user = userEvent.setup();
    await user.upload(await screen.findByLabelText('CTF file (XML)'), file);
    await user.click(screen.getByRole('button', { name: 'Check the file' }));
    const status = await screen.findByText(/can be imported/);
    expect(status).toHaveTextContent(
      'The file is a CTF 25.0 from Elm Primary and can be imported:',
    );
    expect(screen.getByText(/Ava Jones \(A123456789012\)/)).toHaveTextContent(
      '2024/25 at Elm Primary, 300 possible sessions, 330 session marks',
    );
    expect(
      (fake.seen.find((s) => s.path === ctfApi.ctfImport.path)?.body as { dryRun: boolean }).dryRun,
    ).toBe(true);
  });
});
