/**
 * Penalty notices kept on the server, per parent and per child: the lifecycle the domain allows
 * (considered → notice to improve → issued → paid / withdrawn / escalated), the amounts of the
 * national framework, the second at the flat rate, a third within three years of the first refused
 * with the reason (withdrawn notices not counting), and the record for the local authority as CSV.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  penaltyNoticeListResponseSchema,
  penaltyNoticeResponseSchema,
  type PenaltyNoticeDto,
} from '../../src/shared/api/penaltyNoticeSchemas';
import { pupilCaseResponseSchema } from '../../src/shared/api/caseworkSchemas';
import { addContacts } from './caseworkContacts';
import { createTestApp, type TestClient } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { createSyncSchool, morningClock, signedInDevice } from './syncFixtures';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 60_000);
afterAll(() => t.close());

async function setUp() {
  const school = await createSyncSchool(t.db);
  const { app, clock } = createTestApp(t.db, { clock: morningClock() });
  const lead = (await signedInDevice(app, school.member('lead'), { clock })).client;
  const teacher = (await signedInDevice(app, school.member('teacher'), { clock })).client;
  const pupil = school.pupil(2);
  const [mother, father, grandma] = await addContacts(t.db, school.id, pupil, [
    { name: 'Jane Surname003', email: 'jane@family.example' },
    { name: 'John Surname003', relationship: 'Father' },
    { name: 'Gran Surname003', relationship: 'Grandmother', parentalResponsibility: false },
  ]);
  return { school, lead, teacher, pupil, mother: mother ?? '', father: father ?? '', grandma };
}

async function consider(lead: TestClient, pupil: string, contactId: string, on: string) {
  const res = await lead.post(`/api/casework/pupils/${pupil}/penalty-notices`, {
    contactId,
    on,
  });
  const json: unknown = await res.json();
  expect(res.status, JSON.stringify(json)).toBe(201);
  return penaltyNoticeResponseSchema.parse(json).notice;
}

async function step(lead: TestClient, notice: PenaltyNoticeDto, body: Record<string, string>) {
  const res = await lead.post(`/api/casework/penalty-notices/${notice.id}/steps`, body);
  const json: unknown = await res.json();
  return { status: res.status, json };
}

async function stepOk(lead: TestClient, notice: PenaltyNoticeDto, body: Record<string, string>) {
  const { status, json } = await step(lead, notice, body);
  expect(status, JSON.stringify(json)).toBe(200);
  return penaltyNoticeResponseSchema.parse(json).notice;
}

describe('penalty notices', () => {
  it('walks one notice from considered through a notice to improve to issued and paid at £80', async () => {
    const { lead, pupil, mother } = await setUp();
    let notice = await consider(lead, pupil, mother, '2025-01-06');
    expect(notice).toMatchObject({
      stage: 'considered',
      parent: { contactId: mother, name: 'Jane Surname003' },
      next: ['notice_to_improve', 'issued', 'withdrawn'],
    });
    notice = await stepOk(lead, notice, {
      stage: 'notice_to_improve',
      on: '2025-01-07',
      periodEnds: '2025-02-07',
    });
    // Not while the improvement period runs: refused with the rule's words, nothing written.
    const early = await step(lead, notice, { stage: 'issued', on: '2025-02-03' });
    expect(early.status).toBe(400);
    expect(JSON.stringify(early.json)).toContain(
      'The notice to improve gives the parent until 7 February 2025 to improve.',
    );
    notice = await stepOk(lead, notice, { stage: 'issued', on: '2025-02-10' });
    expect(notice).toMatchObject({
      stage: 'issued',
      reducedBy: '2025-03-03',
      payBy: '2025-03-10',
      next: ['paid', 'withdrawn', 'escalated'],
    });
    expect(notice.steps.find((s) => s.stage === 'issued')?.ordinal).toBe(1);
    notice = await stepOk(lead, notice, { stage: 'paid', on: '2025-02-20' });
    expect(notice.steps.map((s) => [s.stage, s.on])).toEqual([
      ['considered', '2025-01-06'],
      ['notice_to_improve', '2025-01-07'],
      ['issued', '2025-02-10'],
      ['paid', '2025-02-20'],
    ]);
    expect(notice.steps.at(-1)).toMatchObject({
      amountPence: 8_000,
      recordedBy: { name: expect.any(String) },
    });
    expect(notice.next).toEqual([]);
  });

  it('charges the second notice the flat £160 and refuses a third within three years, naming the day', async () => {
    const { lead, pupil, mother, father } = await setUp();
    const first = await consider(lead, pupil, mother, '2024-10-01');
    await stepOk(lead, first, { stage: 'issued', on: '2024-10-01' });
    const second = await consider(lead, pupil, mother, '2025-01-06');
    const issued = await stepOk(lead, second, { stage: 'issued', on: '2025-01-06' });
    expect(issued.steps.at(-1)?.ordinal).toBe(2);
    expect(issued.reducedBy).toBeNull();
    const paid = await stepOk(lead, second, { stage: 'paid', on: '2025-01-10' });
    expect(paid.steps.at(-1)?.amountPence).toBe(16_000);

    const third = await consider(lead, pupil, mother, '2025-03-03');
    const refused = await step(lead, third, { stage: 'issued', on: '2025-03-03' });
    expect(refused.status).toBe(400);
    const message = JSON.stringify(refused.json);
    expect(message).toContain('a third cannot be issued within 3 years of the first');
    expect(message).toContain('until 1 October 2027');
    expect(message).toContain('third_notice_within_three_years');
    // Still only considered: nothing was written.
    const list = penaltyNoticeListResponseSchema.parse(
      await (await lead.get(`/api/casework/penalty-notices?pupilId=${pupil}`)).json(),
    );
    expect(list.notices.find((n) => n.id === third.id)?.stage).toBe('considered');

    // Per parent: the father's first notice for the same child is a first.
    const fathers = await consider(lead, pupil, father, '2025-03-03');
    const his = await stepOk(lead, fathers, { stage: 'issued', on: '2025-03-03' });
    expect(his.steps.at(-1)?.ordinal).toBe(1);
  });

  it('does not count a withdrawn notice towards the cap, and escalates only after 28 days unpaid', async () => {
    const { lead, pupil, mother } = await setUp();
    const first = await consider(lead, pupil, mother, '2024-09-10');
    await stepOk(lead, first, { stage: 'issued', on: '2024-09-10' });
    const noReason = await step(lead, first, { stage: 'withdrawn', on: '2024-09-12', reason: ' ' });
    expect(noReason.status).toBe(400);
    await stepOk(lead, first, {
      stage: 'withdrawn',
      on: '2024-09-12',
      reason: 'Issued to the wrong parent',
    });
    const second = await consider(lead, pupil, mother, '2024-11-04');
    await stepOk(lead, second, { stage: 'issued', on: '2024-11-04' });
    const third = await consider(lead, pupil, mother, '2025-01-06');
    const issued = await stepOk(lead, third, { stage: 'issued', on: '2025-01-06' });
    expect(issued.steps.at(-1)?.ordinal).toBe(2);

    const tooSoon = await step(lead, third, {
      stage: 'escalated',
      on: '2025-01-20',
      reason: 'Unpaid',
    });
    expect(tooSoon.status).toBe(400);
    expect(JSON.stringify(tooSoon.json)).toContain(
      'The parent may still pay until 3 February 2025',
    );
    const late = await step(lead, third, { stage: 'paid', on: '2025-02-10' });
    expect(JSON.stringify(late.json)).toContain('must be paid within 28 days');
    const escalated = await stepOk(lead, third, {
      stage: 'escalated',
      on: '2025-02-10',
      reason: 'Unpaid after 28 days',
    });
    expect(escalated.stage).toBe('escalated');
  });

  it('gives the local authority its record as CSV, and a notice only to a parent', async () => {
    const { lead, pupil, mother, grandma } = await setUp();
    const notGrandma = await lead.post(`/api/casework/pupils/${pupil}/penalty-notices`, {
      contactId: grandma,
      on: '2025-03-03',
    });
    expect(notGrandma.status).toBe(404);
    expect(JSON.stringify(await notGrandma.json())).toContain('parental responsibility');

    const notice = await consider(lead, pupil, mother, '2025-01-06');
    await stepOk(lead, notice, { stage: 'issued', on: '2025-01-06' });
    await stepOk(lead, notice, { stage: 'paid', on: '2025-02-01' });
    const res = await lead.get('/api/casework/penalty-notices?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('penalty-notices-2025-03-04.csv');
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toEqual([
      'Pupil,Parent,Stage,Considered on,Improvement period ends,Issued on,Notice (1st or 2nd),Paid on,Amount paid (£),Closed on,Reason',
      'Pupil3 Surname003,Jane Surname003,Paid,2025-01-06,,2025-01-06,1,2025-02-01,160.00,2025-02-01,',
    ]);

    // The case lists the parents to choose from: contacts with parental responsibility only.
    const view = pupilCaseResponseSchema.parse(
      await (await lead.get(`/api/casework/pupils/${pupil}`)).json(),
    );
    expect(view.parents.map((p) => p.name)).toEqual(['Jane Surname003', 'John Surname003']);
  });

  it('is for the attendance lead: a teacher is refused', async () => {
    const { teacher } = await setUp();
    expect((await teacher.get('/api/casework/penalty-notices')).status).toBe(403);
  });
});
