import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import {
  leaveQueueResponseSchema,
  leaveRequestResponseSchema,
  type LeaveRequest,
} from '../../shared/api/leaveSchemas';
import { fakeAdminServer, ok } from '../admin/adminServer.fixture';
import { LeaveTab } from './LeaveTab';
import { officeProfile } from './officeTest.fixture';

afterEach(cleanup);

const ID = '0b6e8a4e-2f52-4c1e-9c55-6d8f1f9a1c21';
const request = (patch: Partial<LeaveRequest> = {}): LeaveRequest =>
  leaveRequestResponseSchema.parse({
    request: {
      id: ID,
      pupilId: '0b6e8a4e-2f52-4c1e-9c55-6d8f1f9a1c01',
      pupilName: 'Zara Khan',
      from: { date: '2025-03-06', part: 'AM' },
      to: { date: '2025-03-07', part: 'PM' },
      reason: 'Cheaper flights',
      evidenceName: null,
      at: '2025-03-04T09:00:00.000Z',
      status: 'requested',
      decisionReason: null,
      hasLetter: false,
      requestedBy: { name: 'Amira Khan', relationship: 'Mother' },
      evidenceType: null,
      sessions: 4,
      attendance: { term: { attended: 17, possible: 20 }, year: { attended: 170, possible: 200 } },
      rulesBroken: [
        {
          rule: 'notice',
          message: 'Requested on 4 March 2025, less than 10 school days before the leave.',
        },
      ],
      decidedBy: null,
      decidedAt: null,
      emailed: null,
      entriesChanged: null,
      ...patch,
    },
  }).request;

describe('the leave requests tab', () => {
  it('shows the attendance and the rules broken, and lets the decider refuse with a reason', async () => {
    const server = fakeAdminServer((r) => {
      if (r.path.endsWith('/decide')) {
        return ok(leaveRequestResponseSchema, {
          request: request({
            status: 'refused',
            decisionReason: 'Not exceptional',
            hasLetter: true,
            entriesChanged: 0,
            emailed: {
              to: 'amira@family.example',
              at: '2025-03-04T10:00:00.000Z',
              outcome: 'sent',
            },
          }),
        });
      }
      return ok(leaveQueueResponseSchema, {
        requests: [request()],
        mayDecide: true,
        decidedBy: 'attendance_lead',
      });
    });
    const user = userEvent.setup();
    render(<LeaveTab staff={await officeProfile()} fetch={server.fetch} />);
    expect(
      await screen.findByRole('heading', {
        name: 'Zara Khan: from the morning of 6 March 2025 to the afternoon of 7 March 2025',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/this term: 85\.0 % \(17 of 20 sessions\); this school year: 85\.0 %/),
    ).toBeInTheDocument();
    const rules = screen.getByRole('list', { name: "Rules broken by Zara Khan's request" });
    expect(within(rules).getByText(/less than 10 school days/)).toBeInTheDocument();
    const refuse = screen.getByRole('button', { name: 'Refuse' });
    expect(refuse).toBeDisabled();
    await user.type(screen.getByLabelText(/Reason for the decision/), 'Not exceptional');
    await user.click(refuse);
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Refused for Zara Khan; the register is unchanged. The letter was emailed to amira@family.example.',
    );
    expect(server.requests.find((r) => r.path.endsWith('/decide'))?.body).toEqual({
      decision: 'refuse',
      reason: 'Not exceptional',
    });
  });

  it('tells the office who decides and offers no decision to others', async () => {
    const server = fakeAdminServer(() =>
      ok(leaveQueueResponseSchema, {
        requests: [request()],
        mayDecide: false,
        decidedBy: 'admin',
      }),
    );
    render(<LeaveTab staff={await officeProfile()} fetch={server.fetch} />);
    expect(
      await screen.findByText(/Decided by the head teacher \(an administrator\)\. You can see/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Grant leave/ })).not.toBeInTheDocument();
  });
});
