/**
 * Reading a file the admin picked (a CSV export from the MIS, a bank-holidays.json) as text, in
 * the browser, before anything is sent. MIS exports are usually UTF-8 (often with a byte-order
 * mark) but older ones are Windows-1252; a file that is not valid UTF-8 is read as Windows-1252
 * rather than turning "Zoë" into "Zo�" without a word. Every refusal says what to do instead.
 */

export interface PickedFile {
  readonly name: string;
  readonly sizeBytes: number;
  readonly text: string;
  /** The file was not UTF-8 and was read as Windows-1252 (shown so a wrong guess is noticed). */
  readonly readAsWindows1252: boolean;
}

export type ReadFileResult =
  | { readonly ok: true; readonly file: PickedFile }
  | { readonly ok: false; readonly message: string };

export interface ReadFileOptions {
  /** The largest file accepted; bigger ones are refused before they are read. */
  readonly maxBytes: number;
  /** What the file should be, for messages ("CSV", "JSON"). */
  readonly kind: string;
  /** Where to turn for files over the limit (the command line). */
  readonly tooLargeHint?: string;
}

/** "1.2 MB", "640 KB", "12 bytes" */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes.toLocaleString('en-GB')} byte${bytes === 1 ? '' : 's'}`;
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024).toLocaleString('en-GB')} KB`;
  return `${(bytes / (1024 * 1024)).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;
}

/** The file's bytes; FileReader where a browser (or jsdom) has no `Blob.arrayBuffer`. */
async function bytesOf(file: Blob): Promise<ArrayBuffer> {
  if (typeof file.arrayBuffer === 'function') return file.arrayBuffer();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      if (reader.result instanceof ArrayBuffer) resolve(reader.result);
      else reject(new Error('The file could not be read.'));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsArrayBuffer(file);
  });
}

/** Decodes as UTF-8, falling back to Windows-1252 for bytes that are not UTF-8. */
export function decodeText(bytes: ArrayBuffer): { text: string; readAsWindows1252: boolean } {
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes),
      readAsWindows1252: false,
    };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), readAsWindows1252: true };
  }
}

/** Reads `file` as text, refusing empty, oversized and binary files with a plain message. */
export async function readTextFile(file: File, options: ReadFileOptions): Promise<ReadFileResult> {
  if (file.size === 0) {
    return {
      ok: false,
      message: `“${file.name}” is empty. Choose the ${options.kind} file again.`,
    };
  }
  if (file.size > options.maxBytes) {
    return {
      ok: false,
      message: `“${file.name}” is ${formatBytes(file.size)}; this screen takes files up to ${formatBytes(options.maxBytes)}.${options.tooLargeHint === undefined ? '' : ` ${options.tooLargeHint}`}`,
    };
  }
  let bytes: ArrayBuffer;
  try {
    bytes = await bytesOf(file);
  } catch {
    return {
      ok: false,
      message: `“${file.name}” could not be read. Check it is not open in another program, then choose it again.`,
    };
  }
  const { text, readAsWindows1252 } = decodeText(bytes);
  // A spreadsheet saved as .xlsx, or a zip, is full of NUL bytes; a CSV or JSON file never is.
  if (text.includes('\u0000')) {
    return {
      ok: false,
      message: `“${file.name}” is not a ${options.kind} text file (it looks like a spreadsheet or other binary file). Save or export it as ${options.kind}, then choose it again.`,
    };
  }
  return {
    ok: true,
    file: {
      name: file.name,
      sizeBytes: file.size,
      text: text.replace(/^\uFEFF/, ''),
      readAsWindows1252,
    },
  };
}
