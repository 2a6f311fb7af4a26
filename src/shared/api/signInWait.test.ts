import { describe, expect, it } from 'vitest';
import { signInWaitMessage } from './signInWait';

describe('signInWaitMessage', () => {
  it.each([
    [1, 'Please wait 1 second and try again.'],
    [15, 'Please wait 15 seconds and try again.'],
    [59, 'Please wait 59 seconds and try again.'],
    [60, 'Please wait 1 minute and try again.'],
    // Rounded up, never telling anyone to come back too soon.
    [61, 'Please wait 2 minutes and try again.'],
    [900, 'Please wait 15 minutes and try again.'],
    [0, 'Please wait 1 second and try again.'],
  ])('words a wait of %i s', (seconds, wording) => {
    expect(signInWaitMessage(seconds)).toBe(`Too many failed sign-ins. ${wording}`);
  });
});
