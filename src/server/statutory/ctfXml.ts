/**
 * A CTF's XML, read and written with fast-xml-parser (never string concatenation). Reading keeps
 * the line of every element so that a refusal names the line and the field; the elements become
 * the plain shape the domain's schema checks (`CtfXmlShape`: text, objects, lists for `Pupil` and
 * `YearData`). Elements Tickmark does not use (SEN, assessments, contacts…) are read and ignored.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { formatCtfPath, type CtfIssue, type CtfXmlShape } from '../../domain/index';

/** Elements that repeat; every other element appears at most once where it is. */
const REPEATING = new Set(['Pupil', 'YearData']);

/** A problem with an uploaded file, by line (null when not tied to one) and field. */
export interface CtfFileIssue {
  readonly line: number | null;
  readonly field: string;
  readonly message: string;
}

export interface ReadCtf {
  /** The elements, as text, objects and lists, for the domain's schema. */
  readonly shape: unknown;
  /** The line of each element, by its path (`CTfile.CTFpupilData.Pupil[0].UPN`). */
  readonly lines: ReadonlyMap<string, number>;
}

type Node = Record<string, unknown>;
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

const tagOf = (node: Node): string | undefined =>
  Object.keys(node).find((k) => k !== ':@' && k !== '#text');

/**
 * Reads a CTF's text. Refuses, with its line, XML that is not well formed and a file with a
 * document type declaration (entities are a way to make a small file huge).
 */
export function readCtfXml(
  xml: string,
): { ok: true; value: ReadCtf } | { ok: false; issue: CtfFileIssue } {
  const doctype = /<!DOCTYPE/i.exec(xml);
  if (doctype !== null)
    return {
      ok: false,
      issue: {
        line: lineAt(xml, doctype.index),
        field: 'DOCTYPE',
        message: 'A CTF has no document type declaration; this file is not one Tickmark reads.',
      },
    };
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    return {
      ok: false,
      issue: {
        line: valid.err.line,
        field: 'XML',
        message: `The file is not well-formed XML: ${valid.err.msg}`,
      },
    };
  const parser = new XMLParser({
    preserveOrder: true,
    captureMetaData: true,
    ignoreAttributes: true,
    parseTagValue: false,
    trimValues: false,
    htmlEntities: false,
  });
  const nodes = parser.parse(xml) as Node[];
  const lines = new Map<string, number>();
  const startLine = (node: Node): number | null => {
    const meta = (node as Record<symbol, { startIndex?: number } | undefined>)[META];
    return meta?.startIndex === undefined ? null : lineAt(xml, meta.startIndex);
  };

  const convert = (node: Node, path: (string | number)[]): unknown => {
    const line = startLine(node);
    if (line !== null) lines.set(formatCtfPath(path), line);
    const tag = tagOf(node);
    const children = (tag === undefined ? [] : (node[tag] as Node[] | undefined)) ?? [];
    const elements = children.filter((c) => tagOf(c) !== undefined);
    if (elements.length === 0) {
      const text = children.map((c) => (typeof c['#text'] === 'string' ? c['#text'] : '')).join('');
      // Spaces are part of a marks string (a one-character code's padding); elsewhere they are layout.
      return tag === 'AttendanceMarks' ? text : text.trim();
    }
    const out: Record<string, unknown> = {};
    for (const child of elements) {
      const name = tagOf(child) ?? '';
      if (REPEATING.has(name)) {
        const list = (out[name] as unknown[] | undefined) ?? [];
        out[name] = list;
        list.push(convert(child, [...path, name, list.length]));
      } else if (!(name in out)) {
        out[name] = convert(child, [...path, name]);
      }
    }
    return out;
  };

  const root = nodes.find((n) => tagOf(n) === 'CTfile');
  if (root === undefined) {
    return {
      ok: false,
      issue: {
        line: 1,
        field: 'CTfile',
        message: 'The file is XML but not a CTF: its outer element must be CTfile.',
      },
    };
  }
  return { ok: true, value: { shape: { CTfile: convert(root, ['CTfile']) }, lines } };
}

/** The line of an issue: its element's, or the nearest enclosing element's when it is missing. */
export function issueWithLine(issue: CtfIssue, lines: ReadonlyMap<string, number>): CtfFileIssue {
  const field =
    [...issue.path].reverse().find((s): s is string => typeof s === 'string') ?? 'CTfile';
  for (let n = issue.path.length; n > 0; n -= 1) {
    const line = lines.get(formatCtfPath(issue.path.slice(0, n)));
    if (line !== undefined) return { line, field, message: issue.message };
  }
  return { line: null, field, message: issue.message };
}

/** The file's text from its checked elements. */
export function writeCtfXml(shape: CtfXmlShape): string {
  const builder = new XMLBuilder({
    format: true,
    indentBy: '  ',
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    suppressEmptyNode: false,
  });
  const body = builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    ...shape,
  }) as string;
  return body.endsWith('\n') ? body : `${body}\n`;
}
