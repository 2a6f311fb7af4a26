import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineDownload, errorsOf } from './endpoint';

describe('defineDownload', () => {
  it('is a GET answering a file of its media type, with only the reasons its shape implies', () => {
    const download = defineDownload({
      name: 'test.download',
      path: '/api/test/things.csv',
      summary: 'Things as CSV.',
      access: { roles: ['admin'] },
      query: z.strictObject({ from: z.string() }),
      mediaType: 'text/csv',
    });
    expect(download).toMatchObject({
      name: 'test.download',
      method: 'GET',
      path: '/api/test/things.csv',
      response: { kind: 'file', mediaType: 'text/csv' },
      errors: [],
    });
    expect(download).not.toHaveProperty('mediaType');
    expect(errorsOf(download)).toEqual(
      expect.arrayContaining(['not_signed_in', 'forbidden', 'invalid_request']),
    );
    expect(errorsOf(download)).not.toContain('bad_origin');
  });
});
