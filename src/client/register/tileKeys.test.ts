import { describe, expect, it } from 'vitest';
import { nextTileIndex } from './tileKeys';

describe('nextTileIndex (arrow keys across the tiles)', () => {
  // 30 pupils in 3 columns: rows 0–2, 3–5, …, 27–29.
  it.each([
    ['ArrowRight', 4, 5],
    ['ArrowLeft', 4, 3],
    ['ArrowDown', 4, 7],
    ['ArrowUp', 4, 1],
    ['Home', 17, 0],
    ['End', 2, 29],
    ['ArrowRight', 29, 29],
    ['ArrowLeft', 0, 0],
    ['ArrowUp', 1, 1],
    ['ArrowDown', 28, 28],
  ])('%s from %i goes to %i', (key, from, to) => {
    expect(nextTileIndex(key, from, 30, 3)).toBe(to);
  });

  it('moves down a short last row only where a tile is', () => {
    // 31 pupils in 3 columns: the last row holds only index 30.
    expect(nextTileIndex('ArrowDown', 27, 31, 3)).toBe(30);
    expect(nextTileIndex('ArrowDown', 28, 31, 3)).toBe(28);
  });

  it('leaves other keys, and an empty register, alone', () => {
    expect(nextTileIndex('Enter', 3, 30, 3)).toBeNull();
    expect(nextTileIndex('a', 3, 30, 3)).toBeNull();
    expect(nextTileIndex('ArrowRight', 0, 0, 3)).toBeNull();
  });
});
