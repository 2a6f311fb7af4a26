/**
 * The import protocol as the admin screens use it (docs/api.md, "Imports"): upload the file
 * (whole when small, else in chunks under the server's 1 MB body limit), ask for a preview
 * (nothing is written), confirm (the server starts a job), then read the job's progress. Each
 * step answers a value, never throws, and carries a message an admin can act on.
 */
import {
  IMPORT_CHUNK_CHARS,
  IMPORT_MAX_CHARS,
  type ImportJob,
  type ImportKind,
  type ImportPreview,
} from '../../shared/api/dataSchemas';
import * as data from '../../shared/api/endpoints/dataEndpoints';
import { call, type CallOptions } from '../api/call';
import { adminFailureMessage } from './adminRequest';

export type Step<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** Where the admin's request options come from (staff id and fetch, see adminRequest.ts). */
export type RequestOptionsFor = (options?: Omit<CallOptions, 'staffId' | 'fetch'>) => CallOptions;

/**
 * Splits `text` into pieces of at most `size` UTF-16 units, never between the two halves of a
 * surrogate pair (an emoji or a rare CJK character in a name would otherwise arrive as two
 * broken characters).
 */
export function splitIntoChunks(text: string, size: number = IMPORT_CHUNK_CHARS): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + size, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}

/** How many times a part of the file is sent again after the connection dropped. */
const CHUNK_RETRIES = 2;

export interface UploadInput {
  readonly kind: ImportKind;
  readonly fileName: string;
  readonly text: string;
  readonly effectiveDate?: string;
  /** Pupils: the file is the whole roll (pupils missing from it leave). */
  readonly wholeRoll?: boolean;
}

/** Uploads the file; `onProgress` hears characters sent so far of the total. */
export async function uploadImport(
  input: UploadInput,
  request: RequestOptionsFor,
  onProgress: (sentChars: number, totalChars: number) => void,
): Promise<Step<ImportJob>> {
  if (input.text.length > IMPORT_MAX_CHARS) {
    return {
      ok: false,
      message: `“${input.fileName}” is too large to import here. Split it into smaller files, or use the command line (npm run cli -- import ${input.kind} …).`,
    };
  }
  const chunks = splitIntoChunks(input.text);
  const isWhole = chunks.length <= 1;
  const created = await call(
    data.createImport,
    {
      body: {
        kind: input.kind,
        fileName: input.fileName.slice(0, 200),
        ...(isWhole ? { csv: input.text } : {}),
        ...(input.effectiveDate === undefined ? {} : { effectiveDate: input.effectiveDate }),
        ...(input.wholeRoll === true ? { wholeRoll: true } : {}),
      },
    },
    request(),
  );
  if (!created.ok) return { ok: false, message: adminFailureMessage(created.error) };
  const job = created.value.import;
  if (isWhole) {
    onProgress(input.text.length, input.text.length);
    return { ok: true, value: job };
  }
  let sent = 0;
  onProgress(0, input.text.length);
  for (const [index, chunk] of chunks.entries()) {
    const send = () =>
      call(
        data.appendImportChunk,
        { params: { id: job.id }, query: { index }, body: chunk },
        request(),
      );
    // A part lost on the way is sent again: the server takes the same part twice as once.
    let answer = await send();
    for (
      let retry = 0;
      retry < CHUNK_RETRIES && !answer.ok && answer.error.kind === 'offline';
      retry += 1
    ) {
      answer = await send();
    }
    if (!answer.ok) {
      return {
        ok: false,
        message: `The upload stopped at part ${index + 1} of ${chunks.length}: ${adminFailureMessage(answer.error)} Nothing has been imported; choose the file again to start over.`,
      };
    }
    sent += chunk.length;
    onProgress(sent, input.text.length);
  }
  return { ok: true, value: job };
}

/** Parses and checks every row on the server; writes nothing. */
export async function previewImport(
  importId: string,
  request: RequestOptionsFor,
): Promise<Step<ImportPreview>> {
  const answer = await call(
    data.previewImport,
    { params: { id: importId } },
    request({ timeoutMs: 300_000 }),
  );
  if (!answer.ok) return { ok: false, message: adminFailureMessage(answer.error) };
  const preview = answer.value.import.preview;
  if (preview === null) {
    return {
      ok: false,
      message: 'The office server did not return a preview. Choose the file again to start over.',
    };
  }
  return { ok: true, value: preview };
}

/** Starts writing the previewed import; `confirmLeavers` is the number of leavers typed, if asked. */
export async function confirmImport(
  importId: string,
  skipBadRows: boolean,
  request: RequestOptionsFor,
  confirmLeavers?: number,
): Promise<Step<ImportJob>> {
  const answer = await call(
    data.confirmImport,
    {
      params: { id: importId },
      body: { skipBadRows, ...(confirmLeavers === undefined ? {} : { confirmLeavers }) },
    },
    request(),
  );
  if (!answer.ok) return { ok: false, message: adminFailureMessage(answer.error) };
  return { ok: true, value: answer.value.import };
}

/** The import as it stands now (its progress while it runs). */
export async function readImport(
  importId: string,
  request: RequestOptionsFor,
): Promise<Step<ImportJob>> {
  const answer = await call(data.getImport, { params: { id: importId } }, request());
  if (!answer.ok) return { ok: false, message: adminFailureMessage(answer.error) };
  return { ok: true, value: answer.value.import };
}

/** Undoes a done pupils import: the roll goes back to how it was before it. */
export async function undoImport(
  importId: string,
  request: RequestOptionsFor,
): Promise<Step<ImportJob>> {
  const answer = await call(data.undoImport, { params: { id: importId } }, request());
  if (!answer.ok) return { ok: false, message: adminFailureMessage(answer.error) };
  return { ok: true, value: answer.value.import };
}
