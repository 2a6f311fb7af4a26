/**
 * Case letters emailed to the contacts with parental responsibility, through a real SMTP server
 * the test starts (`smtp-server`): each gets a message with the letter's PDF attached, the PDF is
 * addressed to them by name (its text read back from the attachment that arrived), and the case
 * keeps what was sent to whom, when and what came of it, including the contacts who could not be
 * emailed. A mail server that is down is recorded as a failure for each, not lost.
 */
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  actionResponseSchema,
  letterResponseSchema,
  pupilCaseResponseSchema,
} from '../../src/shared/api/caseworkSchemas';
import { addContacts } from './caseworkContacts';
import { markRegister } from './caseworkFixtures';
import { createTestApp } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { startSmtp, type Received } from './smtpServer';
import { createSyncSchool, morningClock, signedInDevice, TODAY } from './syncFixtures';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let t: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  t = await openTestDatabase();
  smtp = await startSmtp({ user: 'tickmark', pass: 'relay secret' });
}, 60_000);
afterAll(async () => {
  await smtp.close().catch(() => undefined);
  await t.close();
});

function smtpEnv(port: number): Record<string, string> {
  return {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(port),
    SMTP_USER: 'tickmark',
    SMTP_PASSWORD: 'relay secret',
    MAIL_FROM: 'Tickmark <tickmark@school.example>',
  };
}

/** The PDF attached to a MIME message, decoded from base64. */
function attachedPdf(raw: string): { fileName: string; bytes: Uint8Array } {
  const part =
    /Content-Type: application\/pdf[^\r\n]*(?:\r\n[ \t][^\r\n]*)*\r\n((?:[^\r\n]+\r\n)*)\r\n([A-Za-z0-9+/=\r\n]+?)\r\n--/i.exec(
      raw,
    );
  if (part === null) throw new Error('no PDF attached');
  const headers = `${part[0].slice(0, part[0].indexOf('\r\n\r\n'))}`;
  const fileName = /filename="?([^"\r\n;]+)"?/i.exec(headers)?.[1] ?? '';
  const base64 = (part[2] ?? '').replace(/\s+/g, '');
  return { fileName, bytes: new Uint8Array(Buffer.from(base64, 'base64')) };
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: bytes.slice() });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
}

async function setUp(env: Record<string, string>) {
  const school = await createSyncSchool(t.db);
  const { app, clock } = createTestApp(t.db, { clock: morningClock(), env });
  const lead = (await signedInDevice(app, school.member('lead'), { clock })).client;
  const pupil = school.pupil(2);
  await markRegister(
    t.db,
    school,
    school.member('office'),
    pupil,
    '2025-02-24',
    '2025-03-03',
    (d) => (d === '2025-02-26' ? 'O' : undefined),
  );
  const tag = school.id.slice(0, 8);
  await addContacts(t.db, school.id, pupil, [
    { name: 'Jane Surname003', email: `jane.${tag}@family.example` },
    { name: 'John Surname003', relationship: 'Father', email: `john.${tag}@family.example` },
    { name: 'Jo Surname003', relationship: 'Step-parent' },
    {
      name: 'Gran Surname003',
      relationship: 'Grandmother',
      parentalResponsibility: false,
      email: `gran.${tag}@family.example`,
    },
  ]);
  const added = await lead.post(`/api/casework/pupils/${pupil}/actions`, {
    kind: 'letter',
    title: 'Stage one letter',
    dueOn: TODAY,
  });
  const { action } = actionResponseSchema.parse(await added.json());
  const made = await lead.post(`/api/casework/actions/${action.id}/letters`, {
    templateId: 'stage-1',
  });
  const { letter } = letterResponseSchema.parse(await made.json());
  return { school, lead, pupil, letter, tag };
}

const toOf = (tag: string, received: readonly Received[]) =>
  received.filter((m) => m.to.some((a) => a.includes(tag)));

describe('case letters by email', () => {
  it('addresses the letter to the parents by name and emails it, PDF attached, to each', async () => {
    const { lead, pupil, letter, tag } = await setUp(smtpEnv(smtp.port));
    expect(letter.sentTo).toBe('Jane Surname003, John Surname003 and Jo Surname003');
    expect(letter.how).toBe('printed');

    const res = await lead.post(`/api/casework/letters/${letter.id}/email`);
    const json: unknown = await res.json();
    expect(res.status, JSON.stringify(json)).toBe(200);
    const emailed = letterResponseSchema.parse(json).letter;
    expect(emailed.how).toBe('email');
    expect(emailed.deliveries.map((d) => [d.contact.name, d.email, d.outcome, d.detail])).toEqual([
      ['Jane Surname003', `jane.${tag}@family.example`, 'sent', null],
      ['John Surname003', `john.${tag}@family.example`, 'sent', null],
      [
        'Jo Surname003',
        null,
        'not_sent',
        'Not emailed: the school holds no email address for them. Post or hand the letter.',
      ],
    ]);
    expect(emailed.deliveries[0]?.at).toBe('2025-03-04T08:50:00.000Z');

    const mails = toOf(tag, smtp.received);
    expect(mails.map((m) => m.to)).toEqual([
      [`jane.${tag}@family.example`],
      [`john.${tag}@family.example`],
    ]);
    const first = mails[0]?.raw ?? '';
    expect(first).toContain('Subject: Attendance concern (stage one): Pupil3 Surname003');
    const pdf = attachedPdf(first);
    expect(pdf.fileName).toMatch(/^stage-1-Pupil3-Surname003-2025-03-04\.pdf$/);
    const text = await pdfText(pdf.bytes);
    expect(text).toContain('Dear Jane Surname003, John Surname003 and Jo Surname003,');
    expect(text).toContain('Attendance concern (stage one): Pupil3 Surname003');

    // Kept in the case: what was sent to whom and when. A second send skips those already sent.
    const again = letterResponseSchema.parse(
      await (await lead.post(`/api/casework/letters/${letter.id}/email`)).json(),
    ).letter;
    expect(toOf(tag, smtp.received)).toHaveLength(2);
    expect(again.deliveries.filter((d) => d.outcome === 'sent')).toHaveLength(2);
    const view = pupilCaseResponseSchema.parse(
      await (await lead.get(`/api/casework/pupils/${pupil}`)).json(),
    );
    expect(view.actions[0]?.letters[0]?.deliveries.map((d) => d.outcome)).toEqual([
      'sent',
      'sent',
      'not_sent',
      'not_sent',
    ]);
  });

  it('records a failure for each parent when the mail server is down, and says why', async () => {
    const down = await startSmtp({ user: 'tickmark', pass: 'relay secret' });
    const port = down.port;
    await down.close();
    const { lead, letter } = await setUp(smtpEnv(port));
    const res = await lead.post(`/api/casework/letters/${letter.id}/email`);
    const emailed = letterResponseSchema.parse(await res.json()).letter;
    expect(emailed.how).toBe('printed');
    const failed = emailed.deliveries.filter((d) => d.outcome === 'failed');
    expect(failed).toHaveLength(2);
    expect(failed[0]?.detail).toContain('refused the connection');
  });

  it('says plainly when the server has no mail set up', async () => {
    const { lead, letter } = await setUp({});
    const res = await lead.post(`/api/casework/letters/${letter.id}/email`);
    expect(res.status).toBe(502);
    expect(JSON.stringify(await res.json())).toContain('Print the letter instead');
  });
});
