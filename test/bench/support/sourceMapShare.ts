/**
 * Which sources a built chunk's bytes come from, read from its source map: every generated
 * character between one mapping segment and the next belongs to the segment's source. It tells
 * the bundle benchmark what dominates a chunk (React, zod, Dexie, our own code…) without a
 * visualiser plugin. Shares are of minified bytes; gzip shrinks each part by its own ratio, so
 * the shares of the gzipped size are an estimate.
 */

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((char, index) => [char, index]));

/** Decodes one segment's base64 VLQ fields. */
function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = DIGIT.get(char);
    if (digit === undefined) throw new Error(`Bad character "${char}" in a source map.`);
    value += (digit & 31) << shift;
    if ((digit & 32) !== 0) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

export interface SourceMapLike {
  readonly sources: readonly string[];
  readonly mappings: string;
}

/** Bytes of `code` per source of `map` (unmapped bytes under "(unmapped)"). */
export function bytesBySource(code: string, map: SourceMapLike): Map<string, number> {
  const lines = code.split('\n');
  const mappingLines = map.mappings.split(';');
  const totals = new Map<string, number>();
  const add = (source: string, bytes: number) =>
    totals.set(source, (totals.get(source) ?? 0) + bytes);
  let sourceIndex = 0;
  lines.forEach((line, lineIndex) => {
    const segments = (mappingLines[lineIndex] ?? '').split(',').filter((s) => s !== '');
    let column = 0;
    const starts: { column: number; source: number | null }[] = [];
    for (const segment of segments) {
      const fields = decodeSegment(segment);
      column += fields[0] ?? 0;
      if (fields.length >= 4) {
        sourceIndex += fields[1] ?? 0;
        starts.push({ column, source: sourceIndex });
      } else {
        starts.push({ column, source: null });
      }
    }
    if (starts.length === 0 || (starts[0]?.column ?? 0) > 0) {
      add('(unmapped)', Math.min(line.length, starts[0]?.column ?? line.length));
    }
    starts.forEach((start, i) => {
      const end = starts[i + 1]?.column ?? line.length;
      const source = start.source === null ? '(unmapped)' : (map.sources[start.source] ?? '?');
      add(source, Math.max(0, end - start.column));
    });
  });
  return totals;
}

/** Groups a source path under its npm package ("react-dom", "zod") or our own room. */
export function ownerOf(source: string): string {
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (inModules?.[1] !== undefined) return inModules[1];
  const ours = /src\/(client|shared|domain)\/([^/]+)/.exec(source);
  if (ours !== null) return `src/${ours[1]}${ours[1] === 'client' ? `/${ours[2]}` : ''}`;
  return source.startsWith('(') ? source : 'other';
}
