import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LEAVE_EVIDENCE_MAX_BYTES,
  parentLeaveResponseSchema,
  parentLeavesResponseSchema,
  type ParentLeave,
} from '../../shared/api/leaveSchemas';
import { fakeAdminServer, ok } from '../admin/adminServer.fixture';
import { LeaveRequestSection } from './LeaveRequestSection';
import { LEAVE_EN_GB } from './leaveWords';

afterEach(cleanup);

const PUPIL = '0b6e8a4e-2f52-4c1e-9c55-6d8f1f9a1c01';
const ID = '0b6e8a4e-2f52-4c1e-9c55-6d8f1f9a1c31';
const CHILDREN = [{ pupilId: PUPIL, firstName: 'Zara', language: 'en-GB' }];
const leave = (patch: Partial<ParentLeave> = {}): ParentLeave => ({
  id: ID,
  pupilId: PUPIL,
  pupilName: 'Zara Khan',
  from: { date: '2025-03-24', part: 'AM' },
  to: { date: '2025-03-25', part: 'PM' },
  reason: 'A family wedding',
  evidenceName: 'invite.png',
  at: '2025-03-04T09:00:00.000Z',
  status: 'requested',
  decisionReason: null,
  hasLetter: false,
  ...patch,
});

describe('asking for leave on the parent page', () => {
  it('sends the child, sessions, reason and evidence file, and lists the decision with its letter', async () => {
    let sent = false;
    const server = fakeAdminServer((r) => {
      if (r.method === 'POST') {
        sent = true;
        return ok(parentLeaveResponseSchema, { request: leave() }, 201);
      }
      return ok(parentLeavesResponseSchema, {
        requests: sent
          ? [
              leave({
                status: 'granted',
                decisionReason: 'A close family wedding',
                hasLetter: true,
              }),
            ]
          : [],
      });
    });
    const user = userEvent.setup();
    render(
      <LeaveRequestSection
        children={CHILDREN}
        request={{ fetch: server.fetch }}
        words={LEAVE_EN_GB}
      />,
    );
    await user.type(screen.getByLabelText('First day of leave'), '2025-03-24');
    await user.type(screen.getByLabelText('Last day of leave'), '2025-03-25');
    await user.type(screen.getByLabelText('Why your child needs to be away'), 'A family wedding');
    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'invite.png', {
      type: 'image/png',
    });
    await user.upload(screen.getByLabelText('Evidence (optional)'), png);
    await user.click(screen.getByRole('button', { name: 'Send the request' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Your request for Zara has been sent.',
    );
    expect(server.requests.find((r) => r.method === 'POST')?.body).toEqual({
      pupilId: PUPIL,
      from: { date: '2025-03-24', part: 'AM' },
      to: { date: '2025-03-25', part: 'PM' },
      reason: 'A family wedding',
      evidence: { fileName: 'invite.png', data: 'iVBORw==' },
    });
    expect(await screen.findByText(/granted: A close family wedding/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Read the school’s letter (PDF)' })).toHaveAttribute(
      'href',
      `/api/parent/leave/${ID}/letter`,
    );
  });

  it('refuses a file over 5 MB before sending anything', async () => {
    const server = fakeAdminServer(() => ok(parentLeavesResponseSchema, { requests: [] }));
    const user = userEvent.setup();
    render(
      <LeaveRequestSection
        children={CHILDREN}
        request={{ fetch: server.fetch }}
        words={LEAVE_EN_GB}
      />,
    );
    const big = new File([new Uint8Array(LEAVE_EVIDENCE_MAX_BYTES + 1)], 'scan.pdf', {
      type: 'application/pdf',
    });
    await user.upload(screen.getByLabelText('Evidence (optional)'), big);
    await user.click(screen.getByRole('button', { name: 'Send the request' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The file is larger than 5 MB.');
    expect(server.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });
});
