import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MONDAY_AM, PUPIL } from '../testSupport.fixture';
import { PupilTile } from './PupilTile';
import type { TilePupil } from './useOptimisticMarks';

const ADA: TilePupil = {
  pupilId: PUPIL.ada,
  displayName: 'Ada Adams',
  sortName: 'Adams, Ada',
  code: null,
  minutesLate: null,
  arrivedAt: null,
  isPending: false,
  needsReview: false,
  headEventId: null,
  serverCode: null,
  headRole: null,
  notice: null,
};
const PHOTO_ID = '00000000-0000-4000-8000-0000000f0001';

const tile = (pupil: TilePupil) =>
  render(
    <ul>
      <PupilTile
        pupil={pupil}
        date={MONDAY_AM.date}
        isDisabled={false}
        isTabStop
        onTap={() => undefined}
        onLiftTap={() => undefined}
        onChoices={() => undefined}
      />
    </ul>,
  );

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('a tile’s flags and photo', () => {
  it('shows each flag small, with its words for a screen reader', () => {
    tile({ ...ADA, flags: ['medical', 'sen', 'eal'] });
    const button = screen.getByRole('button');
    expect(button).toHaveAccessibleName(
      /Ada Adams.*Medical needs\..*Special educational needs\..*English as an additional language\./,
    );
    expect(screen.getByRole('img', { name: 'Medical needs.' })).toHaveAttribute(
      'title',
      'Medical needs',
    );
  });

  it('shows no flags and keeps the plain tile when the pupil has none', () => {
    tile(ADA);
    expect(screen.queryAllByRole('img')).toEqual([]);
    expect(screen.getByRole('button')).not.toHaveClass('tile--photo');
  });

  it('fetches the photo by its opaque id once and keeps it for the next time', async () => {
    const fetch = vi.fn(async (url: string) => {
      expect(url).toContain(`/api/photos/${PHOTO_ID}`);
      return new Response(
        JSON.stringify({ photoId: PHOTO_ID, mediaType: 'image/png', data: 'iVBORw0KGgo=' }),
        {
          headers: { 'content-type': 'application/json' },
        },
      );
    });
    vi.stubGlobal('fetch', fetch);
    const first = tile({ ...ADA, photoId: PHOTO_ID });
    await waitFor(() => {
      expect(first.container.querySelector('.tile__photo img')).toHaveAttribute(
        'src',
        'data:image/png;base64,iVBORw0KGgo=',
      );
    });
    first.unmount();
    const second = tile({ ...ADA, photoId: PHOTO_ID });
    await waitFor(() => {
      expect(second.container.querySelector('.tile__photo img')).not.toBeNull();
    });
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
