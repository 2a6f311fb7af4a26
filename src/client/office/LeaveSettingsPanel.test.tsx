import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { leaveSettingsResponseSchema } from '../../shared/api/leaveSchemas';
import { fakeAdminServer, ok } from '../admin/adminServer.fixture';
import { LeaveSettingsPanel, parseBlackouts } from './LeaveSettingsPanel';

afterEach(cleanup);

const STAFF = '00000000-0000-4000-8000-00000000a009';
const RULES = {
  decidedBy: 'attendance_lead',
  noticeSchoolDays: 10,
  autumnStartSchoolDays: 10,
  blackouts: [],
  minAttendancePercent: 90,
} as const;

describe('the leave rules', () => {
  it.each<[string, string, boolean]>([
    ['KS2 tests week: 2025-05-12 to 2025-05-15', 'KS2 tests week', true],
    ['\nSports day: 2025-07-01 to 2025-07-01\n', 'Sports day', true],
    ['Sports day 2025-07-01', '', false],
  ])('reads the refused dates %j', (text, name, isOk) => {
    const parsed = parseBlackouts(text);
    expect(parsed.ok).toBe(isOk);
    if (parsed.ok) expect(parsed.value[0]?.name).toBe(name);
  });

  it('lets an administrator name who decides and the refused dates', async () => {
    const server = fakeAdminServer((r) =>
      ok(leaveSettingsResponseSchema, {
        rules: r.method === 'PUT' ? (r.body as typeof RULES) : RULES,
      }),
    );
    const user = userEvent.setup();
    render(<LeaveSettingsPanel isAdmin staffId={STAFF} fetch={server.fetch} onSaved={() => {}} />);
    await user.click(await screen.findByText('The school’s leave rules'));
    await user.selectOptions(
      screen.getByLabelText('Leave decided by'),
      'the head teacher (an administrator)',
    );
    const dates = screen.getByLabelText(/Dates when leave is refused/);
    await user.type(dates, 'Sports day 1 July');
    await user.click(screen.getByRole('button', { name: 'Save the leave rules' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      '“Sports day 1 July” is not a name and two dates',
    );
    await user.clear(dates);
    await user.type(dates, 'KS2 tests week: 2025-05-12 to 2025-05-15');
    await user.click(screen.getByRole('button', { name: 'Save the leave rules' }));
    expect(await screen.findByRole('status')).toHaveTextContent('The leave rules are saved.');
    expect(server.requests.find((r) => r.method === 'PUT')?.body).toEqual({
      ...RULES,
      decidedBy: 'admin',
      blackouts: [{ name: 'KS2 tests week', from: '2025-05-12', to: '2025-05-15' }],
    });
  });

  it('shows others the rules without a way to change them', async () => {
    const server = fakeAdminServer(() => ok(leaveSettingsResponseSchema, { rules: RULES }));
    render(
      <LeaveSettingsPanel
        isAdmin={false}
        staffId={STAFF}
        fetch={server.fetch}
        onSaved={() => {}}
      />,
    );
    expect(await screen.findByText('An administrator changes these.')).toBeInTheDocument();
    expect(screen.getByLabelText('Leave decided by')).toBeDisabled();
  });
});
