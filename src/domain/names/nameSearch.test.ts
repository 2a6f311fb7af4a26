import { describe, expect, it } from 'vitest';
import { foldName, matchesName, nameMatchRank } from './nameSearch';

const OBRIEN = ["Siobhán O'Brien", "O'Brien, Siobhán"];
const ZOE = ['Zoë Ellis', 'Ellis, Zoë'];
const ANN = ['Ann Smith', 'Smith, Ann'];
const JOANNE = ['Joanne Price', 'Price, Joanne'];
const MARY_JANE = ['Mary-Jane Lee', 'Lee, Mary-Jane'];

describe('foldName', () => {
  it.each([
    ['O’Brien', "o'brien"],
    ['O‘Brien', "o'brien"],
    ['Oʼbrien', "o'brien"],
    ['O`Brien', "o'brien"],
    ["O'BRIEN", "o'brien"],
    ['Zoë', 'zoe'],
    ['Siobhán', 'siobhan'],
    ['Łukasz', 'łukasz'],
  ])('%s → %s', (text, folded) => {
    expect(foldName(text)).toBe(folded);
  });
});

describe('matchesName', () => {
  it.each([
    ['O’B (an iPad’s apostrophe)', 'O’B', OBRIEN, true],
    ["O'B", "O'B", OBRIEN, true],
    ['no apostrophe at all', 'obrien', OBRIEN, true],
    ['part of the surname', 'brien', OBRIEN, true],
    ['an accent typed without it', 'siobhan', OBRIEN, true],
    ['zoe finds Zoë', 'zoe', ZOE, true],
    ['Zoë typed with its accent', 'ZOË', ZOE, true],
    ['first last', 'zoe ellis', ZOE, true],
    ['last first', 'ellis zoe', ZOE, true],
    ['last, first', 'Ellis, Zoe', ZOE, true],
    ['starts of both', 'el zo', ZOE, true],
    ['inside the first name', 'oann', JOANNE, true],
    ['either half of a hyphenated name', 'jane', MARY_JANE, true],
    ['a word that is not in the name', 'zoe smith', ZOE, false],
    ['another name', 'brien', ZOE, false],
    ['nothing typed', '   ', ZOE, false],
    ['only a comma', ',', ZOE, false],
  ])('%s: %s', (_why, typed, names, expected) => {
    expect(matchesName(typed, names)).toBe(expected);
  });
});

describe('nameMatchRank', () => {
  it('ranks a name that starts with what was typed before one that only contains it', () => {
    expect(nameMatchRank('ann', ANN)).toBe(0);
    expect(nameMatchRank('ann', JOANNE)).toBe(1);
    expect(nameMatchRank('ann', ZOE)).toBeNull();
  });
});
