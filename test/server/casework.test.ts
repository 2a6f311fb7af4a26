/**
 * Casework over HTTP: the ladder proposes, the attendance lead decides (adds or declines the
 * action), records it done with the attendance that day, and sees actions and reviews due.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TARGET_LADDER } from '../../src/domain/index';
import {
  actionResponseSchema,
  dueResponseSchema,
  pupilCaseResponseSchema,
} from '../../src/shared/api/caseworkSchemas';
import type { z } from 'zod';
import { createTestApp, type TestClient } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { markRegister } from './caseworkFixtures';
import { createSyncSchool, morningClock, signedInDevice, TODAY } from './syncFixtures';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 60_000);
afterAll(() => t.close());

/** GETs `path`, expecting 200, and parses the answer. */
async function read<T>(client: TestClient, path: string, schema: z.ZodType<T>): Promise<T> {
  const res = await client.get(path);
  const json: unknown = await res.json();
  expect(res.status, `${path}: ${JSON.stringify(json)}`).toBe(200);
  return schema.parse(json);
}

async function setUp() {
  const school = await createSyncSchool(t.db);
  const { app, clock } = createTestApp(t.db, { clock: morningClock() });
  const lead = await signedInDevice(app, school.member('lead'), { clock, label: 'Office PC' });
  const pupil = school.pupil(0);
  // Two days of illness in the six days before today: 8 of 12 sessions, 66.7 %.
  await markRegister(
    t.db,
    school,
    school.member('office'),
    pupil,
    '2025-02-24',
    '2025-03-03',
    (d) => (d === '2025-02-25' || d === '2025-02-26' ? 'I' : undefined),
  );
  return { school, app, clock, lead: lead.client, pupil };
}

describe('casework', () => {
  it('proposes nothing until the school has a ladder; then the ladder proposes and the lead decides', async () => {
    const { lead, pupil } = await setUp();
    const before = await read(lead, `/api/casework/pupils/${pupil}`, pupilCaseResponseSchema);
    expect(before).toMatchObject({ case: null, actions: [], proposals: [] });
    expect(before.attendance).toEqual({ attended: 8, possible: 12 });

    const saved = await lead.request('PUT', '/api/casework/ladder', { ladder: TARGET_LADDER });
    expect(saved.status).toBe(200);

    const proposed = await read(lead, `/api/casework/pupils/${pupil}`, pupilCaseResponseSchema);
    expect(proposed.proposals).toEqual([
      expect.objectContaining({
        stageId: 'letter-96',
        kind: 'letter',
        reason: 'Attendance is 66.7 %, below 96 %.',
        dueOn: TODAY,
      }),
    ]);
    // Proposing changed nothing: no case was opened.
    expect(proposed.case).toBeNull();

    const due = await read(lead, '/api/casework/due', dueResponseSchema);
    expect(due.proposals.map((p) => [p.pupil.id, p.proposal.stageId])).toEqual([
      [pupil, 'letter-96'],
    ]);

    const added = await lead.post(`/api/casework/pupils/${pupil}/actions`, {
      kind: 'letter',
      stageId: 'letter-96',
      dueOn: TODAY,
      title: 'Letter: attendance below 96 %',
    });
    expect(added.status).toBe(201);
    const { action } = actionResponseSchema.parse(await added.json());
    expect(action).toMatchObject({ status: 'planned', stageId: 'letter-96', doneOn: null });

    const again = await lead.post(`/api/casework/pupils/${pupil}/actions`, {
      kind: 'letter',
      stageId: 'letter-96',
      dueOn: TODAY,
    });
    expect(again.status).toBe(409);

    const dueNow = await read(lead, '/api/casework/due', dueResponseSchema);
    expect(dueNow.proposals).toEqual([]);
    expect(dueNow.actions.map((a) => [a.action.id, a.why])).toEqual([[action.id, 'due']]);

    const done = await lead.request('PUT', `/api/casework/actions/${action.id}`, {
      status: 'done',
      reviewOn: '2025-03-18',
      notes: 'Posted home and handed to mum at the gate.',
    });
    expect(done.status).toBe(200);
    expect(actionResponseSchema.parse(await done.json()).action).toMatchObject({
      status: 'done',
      doneOn: TODAY,
      reviewOn: '2025-03-18',
      attendanceThen: { attended: 8, possible: 12 },
    });
    const doneTwice = await lead.request('PUT', `/api/casework/actions/${action.id}`, {
      status: 'cancelled',
    });
    expect(doneTwice.status).toBe(400);

    // Nothing due until the review; on the review day the action is back on the list.
    const quiet = await read(lead, '/api/casework/due', dueResponseSchema);
    expect(quiet.actions).toEqual([]);
    const review = await read(lead, '/api/casework/due?on=2025-03-18', dueResponseSchema);
    expect(review.actions.map((a) => [a.action.id, a.why])).toEqual([[action.id, 'review']]);
  });

  it('keeps a declined proposal in the case, so it is not proposed again', async () => {
    const { lead, pupil } = await setUp();
    await lead.request('PUT', '/api/casework/ladder', { ladder: TARGET_LADDER });
    const declined = await lead.post(`/api/casework/pupils/${pupil}/actions`, {
      kind: 'letter',
      stageId: 'letter-96',
      status: 'declined',
      dueOn: TODAY,
      notes: 'Known illness; the family is in touch daily.',
    });
    expect(declined.status).toBe(201);
    const after = await read(lead, `/api/casework/pupils/${pupil}`, pupilCaseResponseSchema);
    expect(after.proposals).toEqual([]);
    expect(after.actions.map((a) => a.status)).toEqual(['declined']);
  });

  it('is for the attendance lead and admins; another school’s pupil is not found', async () => {
    const { app, school, lead, clock } = await setUp();
    const teacher = await signedInDevice(app, school.member('teacher'), { clock });
    expect((await teacher.client.get('/api/casework/due')).status).toBe(403);
    const other = await createSyncSchool(t.db);
    expect((await lead.get(`/api/casework/pupils/${other.pupil(0)}`)).status).toBe(404);
    const add = await lead.post(`/api/casework/pupils/${other.pupil(0)}/actions`, {
      kind: 'call',
      dueOn: TODAY,
    });
    expect(add.status).toBe(404);
  });

  it('refuses a ladder that does not make sense, saying where', async () => {
    const { lead } = await setUp();
    const res = await lead.request('PUT', '/api/casework/ladder', {
      ladder: {
        name: 'Broken',
        stages: [
          {
            id: 'a',
            name: 'A',
            trigger: { kind: 'not_improved', weeks: 4 },
            action: { kind: 'call' },
          },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/needs \\"after\\"/);
  });
});
