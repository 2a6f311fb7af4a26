import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseSchoolConfig, type Role } from '../../domain/index';
import type { RegisterPupil } from '../marks/registerView';
import { MONDAY_AM, PUPIL, TEACHER } from '../testSupport.fixture';
import { fixedClock, LONDON, profile, SCHOOL_CONFIG } from '../ui/screens.fixture';
import { MarkSheet } from './MarkSheet';
import type { ProposedMark } from '../marks/markChoices';
import { PupilTile } from './PupilTile';

afterEach(cleanup);

const parsed = parseSchoolConfig(SCHOOL_CONFIG);
if (!parsed.ok) throw new Error('bad fixture');
const school = parsed.value;
const GROUP = { id: '00000000-0000-4000-8000-00000000b001', yearGroup: '3' as const };
const STAFF = profile(TEACHER, {
  algorithm: 'PBKDF2-SHA-256',
  iterations: 1,
  salt: 'AA==',
  hash: 'AA==',
});

/**
 * A pupil as the register view shows them, with the head's role: the register view is to carry
 * `headRole` (the role of whoever wrote the server's entry), which decides the protection.
 */
function pupil(code: string | null, headRole: Role | null): RegisterPupil {
  const row = {
    pupilId: PUPIL.cat,
    displayName: 'Cat Clark',
    sortName: 'Clark, Cat',
    code,
    minutesLate: null,
    arrivedAt: null,
    isPending: false,
    needsReview: false,
    headEventId: code === null ? null : '00000000-0000-4000-8000-0000000f0003',
    serverCode: code,
    notice: null,
    headRole,
  };
  return row;
}

function showSheet(p: RegisterPupil, registerClosed = false) {
  const onRecord = vi.fn((_mark: ProposedMark) => Promise.resolve(null));
  const onClose = vi.fn();
  render(
    <MarkSheet
      pupil={p}
      session={MONDAY_AM}
      school={school}
      group={GROUP}
      staff={STAFF}
      clock={fixedClock(LONDON.amOpen)}
      isToday
      registerClosed={registerClosed}
      onRecord={onRecord}
      onClose={onClose}
      returnFocusTo={null}
    />,
  );
  return { onRecord, onClose, sheet: screen.getByRole('dialog', { name: 'Cat Clark' }) };
}

describe('an entry made in advance by the office', () => {
  it('says so on the tile', () => {
    render(
      <ul>
        <PupilTile
          pupil={pupil('M', 'office')}
          date={MONDAY_AM.date}
          isDisabled={false}
          isTabStop
          onTap={vi.fn()}
          onLiftTap={vi.fn()}
          onChoices={vi.fn()}
        />
      </ul>,
    );
    expect(screen.getByRole('button', { name: /^Cat Clark/ })).toHaveTextContent(
      'Entered by the office',
    );
  });

  it('asks before replacing it, and keeping it records nothing', async () => {
    const user = userEvent.setup();
    const { onRecord, onClose, sheet } = showSheet(pupil('M', 'office'));
    expect(within(sheet).getByText(/entered by the office/)).toBeInTheDocument();
    await user.click(within(sheet).getByRole('button', { name: /Present/ }));
    expect(within(sheet).getByRole('alert')).toHaveTextContent(
      'The office entered M (Leave for a medical or dental appointment) for Cat Clark. Replace it with / — present?',
    );
    expect(onRecord).not.toHaveBeenCalled();
    await user.click(within(sheet).getByRole('button', { name: 'No, keep M' }));
    expect(onRecord).not.toHaveBeenCalled();
    expect(onClose).toHaveBeenCalled();
  });

  it('replaces it once confirmed', async () => {
    const user = userEvent.setup();
    const { onRecord, sheet } = showSheet(pupil('V', 'office'));
    await user.click(within(sheet).getByRole('button', { name: /Absent/ }));
    await user.click(within(sheet).getByRole('button', { name: 'Yes, replace V' }));
    expect(onRecord).toHaveBeenCalledWith({
      code: 'N',
      minutesLate: null,
      arrivedAt: null,
      reason: null,
    });
  });

  it('a teacher’s own entry is not protected', async () => {
    const user = userEvent.setup();
    const { onRecord, sheet } = showSheet(pupil('N', 'teacher'));
    await user.click(within(sheet).getByRole('button', { name: /Present/ }));
    expect(onRecord).toHaveBeenCalledWith({
      code: '/',
      minutesLate: null,
      arrivedAt: null,
      reason: null,
    });
  });

  it('after the close, asks for the reason before it asks to confirm', async () => {
    const user = userEvent.setup();
    const { onRecord, sheet } = showSheet(pupil('M', 'office'), true);
    await user.click(within(sheet).getByRole('button', { name: /Present/ }));
    expect(within(sheet).getByText(/give a reason for changing 'M' to '\/'/)).toBeInTheDocument();
    await user.type(within(sheet).getByRole('textbox'), 'Appointment cancelled');
    await user.click(within(sheet).getByRole('button', { name: /Present/ }));
    await user.click(within(sheet).getByRole('button', { name: 'Yes, replace M' }));
    expect(onRecord).toHaveBeenCalledWith({
      code: '/',
      minutesLate: null,
      arrivedAt: null,
      reason: 'Appointment cancelled',
    });
  });
});

describe('the sheet', () => {
  it('shows a save failure and stays open', async () => {
    const user = userEvent.setup();
    const onRecord = vi.fn(() => Promise.resolve('The mark could not be saved: code is too long.'));
    const onClose = vi.fn();
    render(
      <MarkSheet
        pupil={pupil(null, null)}
        session={MONDAY_AM}
        school={school}
        group={GROUP}
        staff={STAFF}
        clock={fixedClock(LONDON.amOpen)}
        isToday
        registerClosed={false}
        onRecord={onRecord}
        onClose={onClose}
        returnFocusTo={null}
      />,
    );
    await user.click(screen.getByRole('button', { name: /Present/ }));
    expect(
      await screen.findByText('The mark could not be saved: code is too long.'),
    ).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('defaults a past register’s arrival time to its start', async () => {
    const user = userEvent.setup();
    render(
      <MarkSheet
        pupil={pupil(null, null)}
        session={MONDAY_AM}
        school={school}
        group={GROUP}
        staff={STAFF}
        clock={fixedClock(LONDON.saturday)}
        isToday={false}
        registerClosed
        onRecord={vi.fn(() => Promise.resolve(null))}
        onClose={vi.fn()}
        returnFocusTo={null}
      />,
    );
    await user.click(screen.getByRole('button', { name: /Late/ }));
    expect(screen.getByLabelText('Arrival time')).toHaveValue('08:45');
  });

  it('refuses an arrival time in the future with a plain message, and records nothing', async () => {
    const user = userEvent.setup();
    // The clock says 08:50; the teacher types 09:25, which would otherwise become U.
    const { onRecord, sheet } = showSheet(pupil(null, null));
    await user.click(within(sheet).getByRole('button', { name: /Late/ }));
    const time = within(sheet).getByLabelText('Arrival time');
    await user.clear(time);
    await user.type(time, '09:25');
    expect(within(sheet).getByRole('status')).toHaveTextContent(
      'An arrival at 09:25 has not happened yet (it is 08:50 on 8 September 2025). Enter the time the pupil arrived.',
    );
    const button = within(sheet).getByRole('button', { name: 'Record late arrival' });
    expect(button).toBeDisabled();
    await user.click(button);
    expect(onRecord).not.toHaveBeenCalled();

    // The time it really is now is accepted.
    await user.clear(time);
    await user.type(time, '08:50');
    await user.click(within(sheet).getByRole('button', { name: 'Record L — 5 minutes late' }));
    expect(onRecord).toHaveBeenCalledWith(expect.objectContaining({ code: 'L', minutesLate: 5 }));
  });

  it('keeps keyboard focus inside and closes on Escape', async () => {
    const user = userEvent.setup();
    const { onClose, sheet } = showSheet(pupil('N', 'teacher'));
    expect(within(sheet).getByRole('heading', { name: 'Cat Clark' })).toHaveFocus();
    for (let i = 0; i < 12; i += 1) {
      await user.tab();
      expect(sheet).toContainElement(document.activeElement as HTMLElement);
    }
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalled();
  });
});
