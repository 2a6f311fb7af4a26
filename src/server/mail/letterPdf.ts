/**
 * A letter as a one- or two-page A4 PDF, drawn with pdf-lib (pure JavaScript, no native parts).
 * The standard Helvetica font covers the Windows-1252 characters; a letter outside them (a name
 * in another script) is written without its accents, or as "?", and the record keeps the text.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont } from 'pdf-lib';
import type { RenderedLetter } from '../../domain/index';

const A4 = [595.28, 841.89] as const;
const MARGIN = 64;
const SIZE = 11;
const LEADING = 15;

/** Text the font can draw: accents dropped where it cannot, anything else as "?" (certificatePdf.ts too). */
export function drawable(font: PDFFont, text: string): string {
  let out = '';
  for (const ch of text) {
    const candidates = [ch, ch.normalize('NFKD').replace(/\p{M}/gu, ''), '?'];
    out +=
      candidates.find((c) => {
        try {
          font.encodeText(c);
          return c !== '';
        } catch {
          return false;
        }
      }) ?? '?';
  }
  return out;
}

export function wrap(font: PDFFont, text: string, width: number, size: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line === '' ? word : `${line} ${word}`;
    if (font.widthOfTextAtSize(next, size) <= width || line === '') line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

export interface LetterPage {
  readonly schoolName: string;
  readonly date: string;
  readonly letter: RenderedLetter;
  /** Document title (shown by PDF readers). */
  readonly title: string;
}

export async function letterPdf(page: LetterPage): Promise<Uint8Array<ArrayBuffer>> {
  const doc = await PDFDocument.create();
  doc.setTitle(page.title);
  doc.setCreator('Tickmark');
  doc.setProducer('Tickmark');
  doc.setCreationDate(new Date(0));
  doc.setModificationDate(new Date(0));
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const width = A4[0] - 2 * MARGIN;
  let current = doc.addPage([...A4]);
  let y = A4[1] - MARGIN;
  const write = (text: string, font: PDFFont, size: number) => {
    const lines = text.split('\n').flatMap((l) => wrap(font, drawable(font, l), width, size));
    for (const line of lines) {
      if (y < MARGIN + LEADING) {
        current = doc.addPage([...A4]);
        y = A4[1] - MARGIN;
      }
      current.drawText(line, { x: MARGIN, y, size, font, color: rgb(0, 0, 0) });
      y -= size + 4;
    }
  };
  write(page.schoolName, bold, 16);
  y -= 4;
  write(page.date, regular, SIZE);
  y -= LEADING;
  write(page.letter.subject, bold, 13);
  y -= LEADING / 2;
  for (const paragraph of page.letter.paragraphs) {
    write(paragraph, regular, SIZE);
    y -= LEADING - 4;
  }
  const bytes = await doc.save();
  return new Uint8Array(bytes);
}
