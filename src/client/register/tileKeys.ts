/**
 * Arrow keys across the register's tiles (a roving tabindex): the tiles are one Tab stop, and
 * the arrows move between them as they are laid out, row by row, whatever the number of columns
 * the screen's width gives. Home and End go to the first and last pupil.
 */

/** The index the key moves to, or null when the key is not a move. */
export function nextTileIndex(
  key: string,
  current: number,
  count: number,
  columns: number,
): number | null {
  if (count === 0) return null;
  const across = Math.max(1, columns);
  const clamp = (i: number) => Math.min(count - 1, Math.max(0, i));
  switch (key) {
    case 'ArrowRight':
      return clamp(current + 1);
    case 'ArrowLeft':
      return clamp(current - 1);
    case 'ArrowDown':
      return current + across < count ? current + across : current;
    case 'ArrowUp':
      return current - across >= 0 ? current - across : current;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/** How many tiles share the first row, as laid out now. */
export function columnsOf(tiles: readonly HTMLElement[]): number {
  const first = tiles[0];
  if (first === undefined) return 1;
  const top = first.getBoundingClientRect().top;
  return Math.max(1, tiles.filter((t) => Math.abs(t.getBoundingClientRect().top - top) < 1).length);
}
