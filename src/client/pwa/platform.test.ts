import { describe, expect, it } from 'vitest';
import { shouldSuggestHomeScreen } from './platform';

const IPAD_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';
const OLD_IPAD_UA =
  'Mozilla/5.0 (iPad; CPU OS 12_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1 Mobile/15E148 Safari/604.1';
const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Version/17.4 Mobile/15E148 Safari/604.1';
const CHROMEBOOK_UA = 'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) Chrome/120.0.0.0 Safari/537.36';

describe('shouldSuggestHomeScreen', () => {
  it.each([
    ['iPadOS Safari (says it is a Mac, has touch)', IPAD_UA, 'MacIntel', 5, false, true],
    ['iPadOS as a Home Screen app', IPAD_UA, 'MacIntel', 5, true, false],
    ['an older iPad', OLD_IPAD_UA, 'iPad', 5, false, true],
    ['an iPhone', IPHONE_UA, 'iPhone', 5, false, true],
    ['a real Mac (no touch)', IPAD_UA, 'MacIntel', 0, false, false],
    ['a Chromebook', CHROMEBOOK_UA, 'Linux x86_64', 10, false, false],
  ])('%s → %s', (_why, userAgent, platform, maxTouchPoints, isStandalone, expected) => {
    expect(shouldSuggestHomeScreen({ userAgent, platform, maxTouchPoints, isStandalone })).toBe(
      expected,
    );
  });
});
