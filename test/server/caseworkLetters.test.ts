/**
 * Letters: made from a template with the register's figures as a PDF on the server, kept in the
 * case with what was made for whom and when. The PDF's text is extracted from the file itself.
 * With CASEWORK_LETTER_PDF=path the PDF is kept there (docs/screens/casework-letter.png is it).
 */
import { writeFile } from 'node:fs/promises';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  actionResponseSchema,
  letterResponseSchema,
  pupilCaseResponseSchema,
  templatesResponseSchema,
} from '../../src/shared/api/caseworkSchemas';
import { createTestApp } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { markRegister } from './caseworkFixtures';
import { createSyncSchool, morningClock, signedInDevice, TODAY } from './syncFixtures';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 60_000);
afterAll(() => t.close());

async function pdfText(bytes: Uint8Array): Promise<string> {
  // pdf.js takes over the buffer it is given, so it gets a copy.
  const parser = new PDFParse({ data: bytes.slice() });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

async function setUp() {
  const school = await createSyncSchool(t.db);
  const { app, clock } = createTestApp(t.db, { clock: morningClock() });
  const lead = (await signedInDevice(app, school.member('lead'), { clock })).client;
  const pupil = school.pupil(2);
  // Spring 2 so far: 12 sessions; ill on 25 February (I ×2), unauthorised on 26 (O ×2), late (L)
  // on the morning of 27th.
  await markRegister(
    t.db,
    school,
    school.member('office'),
    pupil,
    '2025-02-24',
    '2025-03-03',
    (d, part) =>
      d === '2025-02-25'
        ? 'I'
        : d === '2025-02-26'
          ? 'O'
          : d === '2025-02-27' && part === 'AM'
            ? 'L'
            : undefined,
  );
  const added = await lead.post(`/api/casework/pupils/${pupil}/actions`, {
    kind: 'letter',
    title: 'Stage one letter',
    dueOn: TODAY,
  });
  const { action } = actionResponseSchema.parse(await added.json());
  return { school, lead, pupil, action };
}

describe('case letters', () => {
  it('makes the PDF from the template with the child, dates, days and hours missed and codes', async () => {
    const { school, lead, pupil, action } = await setUp();
    const res = await lead.post(`/api/casework/actions/${action.id}/letters`, {
      templateId: 'stage-1',
    });
    const json: unknown = await res.json();
    expect(res.status, JSON.stringify(json)).toBe(201);
    const { letter } = letterResponseSchema.parse(json);
    expect(letter).toMatchObject({
      template: 'stage-1',
      sentTo: 'Parent or Carer of Pupil3 Surname003',
      how: 'printed',
      madeBy: { id: school.member('lead').id },
    });

    const file = await lead.get(`/api/casework/letters/${letter.id}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toContain('.pdf');
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');

    const text = (await pdfText(bytes)).replace(/\s+/g, ' ');
    expect(text).toContain(school.name);
    expect(text).toContain('4 March 2025');
    expect(text).toContain('Attendance concern (stage one): Pupil3 Surname003');
    expect(text).toContain('Dear Parent or Carer of Pupil3 Surname003,');
    // 8 of 12 sessions attended (the late counts as present); 4 missed = 2 days.
    expect(text).toContain('Between 1 September 2024 and 4 March 2025, Pupil3 attended 66.7 %');
    expect(text).toContain('missed 4 sessions: 2 days');
    expect(text).toMatch(
      /I \(Illness[^)]*\) 2 sessions; L \([^)]*\) 1 session; O \([^)]*\) 2 sessions/,
    );
    expect(text).toContain(school.member('lead').name);

    // For docs/screens: CASEWORK_LETTER_PDF=file keeps the PDF (rendered to PNG outside the test).
    if (process.env.CASEWORK_LETTER_PDF !== undefined) {
      await writeFile(process.env.CASEWORK_LETTER_PDF, bytes);
    }

    // The case keeps the letter with its action.
    const view = pupilCaseResponseSchema.parse(
      await (await lead.get(`/api/casework/pupils/${pupil}`)).json(),
    );
    expect(view.actions[0]?.letters.map((l) => l.id)).toEqual([letter.id]);
  });

  it("uses the school's own wording in place of a built-in template, and refuses an unknown field", async () => {
    const { lead, action } = await setUp();
    const bad = await lead.request('PUT', '/api/casework/letter-templates/stage-1', {
      name: 'Stage one',
      subject: 'Attendance of {{child.nickname}}',
      body: 'Dear {{parents}}',
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('child.nickname');

    const saved = await lead.request('PUT', '/api/casework/letter-templates/stage-1', {
      name: 'Stage one (ours)',
      subject: 'A word about {{child.firstName}}',
      body: 'Dear {{parents}},\n\n{{child.firstName}} in {{child.group}} has missed {{attendance.timeMissed}}.',
    });
    expect(saved.status).toBe(200);
    const templates = templatesResponseSchema.parse(
      await (await lead.get('/api/casework/letter-templates')).json(),
    );
    expect(templates.templates.filter((x) => x.id === 'stage-1').map((x) => x.name)).toEqual([
      'Stage one (ours)',
    ]);
    const made = letterResponseSchema.parse(
      await (
        await lead.post(`/api/casework/actions/${action.id}/letters`, { templateId: 'stage-1' })
      ).json(),
    );
    const bytes = new Uint8Array(
      await (await lead.get(`/api/casework/letters/${made.letter.id}`)).arrayBuffer(),
    );
    const text = (await pdfText(bytes)).replace(/\s+/g, ' ');
    expect(text).toContain('A word about Pupil3');
    expect(text).toContain('Pupil3 in Year 3 — Foxes has missed 2 days');
  });

  it("does not give another school's letter", async () => {
    const { lead, action } = await setUp();
    const made = letterResponseSchema.parse(
      await (
        await lead.post(`/api/casework/actions/${action.id}/letters`, { templateId: 'stage-1' })
      ).json(),
    );
    const other = await setUp();
    expect((await other.lead.get(`/api/casework/letters/${made.letter.id}`)).status).toBe(404);
  });
});
