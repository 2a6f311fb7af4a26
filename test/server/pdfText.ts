/** The text of a PDF, extracted from the file itself (pdf.js, through pdf-parse). */
import { PDFParse } from 'pdf-parse';

export async function pdfText(bytes: Uint8Array): Promise<string> {
  // pdf.js takes over the buffer it is given, so it gets a copy.
  const parser = new PDFParse({ data: bytes.slice() });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}
