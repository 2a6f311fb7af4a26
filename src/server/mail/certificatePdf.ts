/**
 * Attendance certificates as one A4 landscape PDF, one page per pupil, drawn with pdf-lib as the
 * letters are (letterPdf.ts: the same standard fonts and the same fallback for characters they
 * cannot draw). The words come from the caller; this file only lays them out.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { drawable, wrap } from './letterPdf';

const A4_LANDSCAPE = [841.89, 595.28] as const;
const MARGIN = 56;
const GOLD = rgb(0.72, 0.53, 0.04);
const INK = rgb(0.1, 0.1, 0.12);

export interface CertificatePage {
  /** "Certificate of 100 % attendance". */
  readonly heading: string;
  readonly pupilName: string;
  /** The class, or null. */
  readonly groupName: string | null;
  /** What it is for: "for attending every school session from … to …". */
  readonly citation: string;
  /** The figures: "190 of 190 sessions attended (100.0 %)". */
  readonly figures: string;
}

export interface CertificateDocument {
  readonly schoolName: string;
  /** "Presented on 4 March 2025". */
  readonly presented: string;
  /** Document title (shown by PDF readers). */
  readonly title: string;
  /** Shown on the one page when no pupil has a certificate. */
  readonly nobody: string;
  readonly pages: readonly CertificatePage[];
}

function centred(page: PDFPage, font: PDFFont, text: string, size: number, y: number): number {
  const width = A4_LANDSCAPE[0] - 2 * MARGIN;
  let at = y;
  for (const line of wrap(font, drawable(font, text), width, size)) {
    const x = (A4_LANDSCAPE[0] - font.widthOfTextAtSize(line, size)) / 2;
    page.drawText(line, { x, y: at, size, font, color: INK });
    at -= size + 8;
  }
  return at;
}

function border(page: PDFPage): void {
  const [w, h] = A4_LANDSCAPE;
  for (const inset of [24, 32]) {
    page.drawRectangle({
      x: inset,
      y: inset,
      width: w - 2 * inset,
      height: h - 2 * inset,
      borderColor: GOLD,
      borderWidth: inset === 24 ? 3 : 1,
    });
  }
}

export async function certificatesPdf(
  input: CertificateDocument,
): Promise<Uint8Array<ArrayBuffer>> {
  const doc = await PDFDocument.create();
  doc.setTitle(input.title);
  doc.setCreator('Tickmark');
  doc.setProducer('Tickmark');
  doc.setCreationDate(new Date(0));
  doc.setModificationDate(new Date(0));
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const italic = await doc.embedFont(StandardFonts.HelveticaOblique);
  if (input.pages.length === 0) {
    const page = doc.addPage([...A4_LANDSCAPE]);
    centred(page, bold, input.schoolName, 20, A4_LANDSCAPE[1] - MARGIN - 20);
    centred(page, regular, input.nobody, 14, A4_LANDSCAPE[1] / 2);
  }
  for (const certificate of input.pages) {
    const page = doc.addPage([...A4_LANDSCAPE]);
    border(page);
    let y = A4_LANDSCAPE[1] - MARGIN - 30;
    y = centred(page, bold, input.schoolName, 20, y) - 18;
    y = centred(page, bold, certificate.heading, 30, y) - 18;
    y = centred(page, italic, 'awarded to', 14, y) - 6;
    y = centred(page, bold, certificate.pupilName, 34, y) - 2;
    if (certificate.groupName !== null) y = centred(page, regular, certificate.groupName, 14, y);
    y -= 14;
    y = centred(page, regular, certificate.citation, 15, y) - 4;
    centred(page, regular, certificate.figures, 13, y);
    // The signature line and the date, at the foot.
    const footY = MARGIN + 30;
    page.drawLine({
      start: { x: MARGIN + 40, y: footY + 18 },
      end: { x: MARGIN + 280, y: footY + 18 },
      thickness: 0.8,
      color: INK,
    });
    page.drawText('Signed', { x: MARGIN + 40, y: footY, size: 11, font: regular, color: INK });
    const presented = drawable(regular, input.presented);
    page.drawText(presented, {
      x: A4_LANDSCAPE[0] - MARGIN - 40 - regular.widthOfTextAtSize(presented, 11),
      y: footY,
      size: 11,
      font: regular,
      color: INK,
    });
  }
  return new Uint8Array(await doc.save());
}
