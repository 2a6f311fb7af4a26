import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UpdateBanner, type UpdateBannerProps } from './UpdateBanner';

afterEach(cleanup);

function props(patch: Partial<UpdateBannerProps> = {}): UpdateBannerProps {
  return {
    needRefresh: true,
    pendingCount: 0,
    onUpdate: vi.fn(),
    onLater: vi.fn(),
    ...patch,
  };
}

describe('UpdateBanner', () => {
  it('offers the update, and updates only when asked', async () => {
    const p = props();
    render(<UpdateBanner {...p} />);
    expect(
      screen.getByRole('heading', { name: 'A new version of Tickmark is ready' }),
    ).toBeInTheDocument();
    expect(p.onUpdate).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Update now' }));
    expect(p.onUpdate).toHaveBeenCalledTimes(1);
  });

  it('says marks are waiting, and still allows the update', async () => {
    const p = props({ pendingCount: 3 });
    render(<UpdateBanner {...p} />);
    expect(
      screen.getByText(
        '3 marks are waiting to sync. They are saved on this tablet and will still be sent after the update.',
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Update now' }));
    expect(p.onUpdate).toHaveBeenCalledTimes(1);
  });

  it('can wait until later', async () => {
    const p = props();
    render(<UpdateBanner {...p} />);
    await userEvent.click(screen.getByRole('button', { name: 'Later' }));
    expect(p.onLater).toHaveBeenCalledTimes(1);
    expect(p.onUpdate).not.toHaveBeenCalled();
  });

  it('shows nothing when no new version waits', () => {
    const { container } = render(<UpdateBanner {...props({ needRefresh: false })} />);
    expect(container).toHaveTextContent('');
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
