import { describe, expect, it } from 'vitest';
import { IMPORT_CHUNK_CHARS } from '../../shared/api/dataSchemas';
import { importChunkResponseSchema, importJobResponseSchema } from '../../shared/api/dataSchemas';
import { routePath } from '../../shared/api/routes';
import { asStaff } from './adminRequest';
import { adminProfile, fakeAdminServer, ok, refused } from './adminServer.fixture';
import { IMPORT_ID, importJob } from './importJob.fixture';
import { splitIntoChunks, uploadImport } from './importClient';
import * as dataApi from '../../shared/api/endpoints/dataEndpoints';

describe('splitIntoChunks', () => {
  it('cuts at the size given and keeps every character', () => {
    expect(splitIntoChunks('abcdefg', 3)).toEqual(['abc', 'def', 'g']);
    expect(splitIntoChunks('', 3)).toEqual([]);
  });

  it('never cuts an emoji or other surrogate pair in two', () => {
    const text = `ab😀cd`;
    const chunks = splitIntoChunks(text, 3);
    expect(chunks).toEqual(['ab', '😀c', 'd']);
    expect(chunks.join('')).toBe(text);
  });
});

describe('uploadImport', () => {
  const chunkPath = routePath(dataApi.appendImportChunk.path, { id: IMPORT_ID });

  it('sends a large file in order, in chunks under the body limit, reporting progress', async () => {
    const row = 'A123456789012,Zoë,Adams,6,6A\r\n';
    const text = `UPN,Forename,Surname,Year group,Registration group\r\n${row.repeat(
      Math.ceil((IMPORT_CHUNK_CHARS * 2.5) / row.length),
    )}`;
    let received = 0;
    const server = fakeAdminServer((request) => {
      if (request.path === dataApi.listImports.path) {
        return ok(importJobResponseSchema, { import: importJob() }, 201);
      }
      received += String(request.body).length;
      return ok(importChunkResponseSchema, {
        importId: IMPORT_ID,
        chunks: Number(request.query.get('index')) + 1,
        receivedChars: received,
      });
    });
    const progress: number[] = [];

    const result = await uploadImport(
      { kind: 'pupils', fileName: 'pupils.csv', text },
      (options) => asStaff({ staff: adminProfile(), fetch: server.fetch }, options),
      (sent, total) => {
        expect(total).toBe(text.length);
        progress.push(sent);
      },
    );

    expect(result.ok).toBe(true);
    // Created without the text (it all goes as chunks), then chunks 0, 1, 2 in order.
    expect(server.requests[0]?.body).toEqual({ kind: 'pupils', fileName: 'pupils.csv' });
    const chunks = server.requests.slice(1);
    expect(chunks.map((r) => [r.path, r.query.get('index')])).toEqual([
      [chunkPath, '0'],
      [chunkPath, '1'],
      [chunkPath, '2'],
    ]);
    expect(chunks.every((r) => r.headers['Content-Type'] === 'text/csv; charset=utf-8')).toBe(true);
    expect(chunks.map((r) => String(r.body)).join('')).toBe(text);
    expect(progress).toEqual([0, IMPORT_CHUNK_CHARS, IMPORT_CHUNK_CHARS * 2, text.length]);
  });

  it('sends a part again when the connection dropped on the way', async () => {
    const text = 'y'.repeat(IMPORT_CHUNK_CHARS + 10);
    let drops = 1;
    const server = fakeAdminServer((request) => {
      if (request.path === dataApi.listImports.path) {
        return ok(importJobResponseSchema, { import: importJob() }, 201);
      }
      if (request.query.get('index') === '1' && drops > 0) {
        drops -= 1;
        return { offline: true };
      }
      return ok(importChunkResponseSchema, { importId: IMPORT_ID, chunks: 1, receivedChars: 1 });
    });

    const result = await uploadImport(
      { kind: 'marks', fileName: 'marks.csv', text },
      (options) => asStaff({ staff: adminProfile(), fetch: server.fetch }, options),
      () => undefined,
    );

    expect(result.ok).toBe(true);
    expect(server.requests.slice(1).map((r) => r.query.get('index'))).toEqual(['0', '1', '1']);
  });

  it('stops at a refused chunk and says that nothing has been imported', async () => {
    const text = 'x'.repeat(IMPORT_CHUNK_CHARS + 10);
    const server = fakeAdminServer((request) =>
      request.path === dataApi.listImports.path
        ? ok(importJobResponseSchema, { import: importJob() }, 201)
        : refused(413, 'payload_too_large', 'The request body is over 1 MB.'),
    );

    const result = await uploadImport(
      { kind: 'marks', fileName: 'marks.csv', text },
      (options) => asStaff({ staff: adminProfile(), fetch: server.fetch }, options),
      () => undefined,
    );

    expect(result).toEqual({
      ok: false,
      message:
        'The upload stopped at part 1 of 2: The request body is over 1 MB. Nothing has been imported; choose the file again to start over.',
    });
    expect(server.requests).toHaveLength(2);
  });
});
