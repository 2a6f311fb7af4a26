import { describe, expect, it } from 'vitest';
import { decodeText, formatBytes, readTextFile } from './readTextFile';

const OPTIONS = { maxBytes: 1_024, kind: 'CSV' };

describe('readTextFile', () => {
  it('reads UTF-8 and drops the byte-order mark a spreadsheet adds', async () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...new TextEncoder().encode('UPN,Name\r\nA1,Zoë\r\n'),
    ]);
    const result = await readTextFile(new File([bytes], 'pupils.csv'), OPTIONS);
    expect(result).toEqual({
      ok: true,
      file: {
        name: 'pupils.csv',
        sizeBytes: bytes.length,
        text: 'UPN,Name\r\nA1,Zoë\r\n',
        readAsWindows1252: false,
      },
    });
  });

  it('reads an old Windows-1252 export without mangling accents, and says so', () => {
    // "Zoë" in Windows-1252: ë is the single byte 0xEB, which is not valid UTF-8.
    const decoded = decodeText(new Uint8Array([0x5a, 0x6f, 0xeb]).buffer);
    expect(decoded).toEqual({ text: 'Zoë', readAsWindows1252: true });
  });

  it('refuses an empty file and one over the limit, saying what to do', async () => {
    expect(await readTextFile(new File([], 'empty.csv'), OPTIONS)).toEqual({
      ok: false,
      message: '“empty.csv” is empty. Choose the CSV file again.',
    });
    expect(
      await readTextFile(new File(['x'.repeat(2_048)], 'big.csv'), {
        ...OPTIONS,
        tooLargeHint: 'Use the command line.',
      }),
    ).toEqual({
      ok: false,
      message: '“big.csv” is 2 KB; this screen takes files up to 1 KB. Use the command line.',
    });
  });

  it('writes sizes in plain units', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(640)).toBe('640 bytes');
    expect(formatBytes(1_000)).toBe('1,000 bytes');
    expect(formatBytes(1_536)).toBe('2 KB');
    expect(formatBytes(3_355_443)).toBe('3.2 MB');
  });
});
