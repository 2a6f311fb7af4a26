/**
 * The governors' pack as an A4 PDF, drawn with pdf-lib as the letters are (src/server/mail/
 * letterPdf.ts: the same standard fonts and the same fallback for characters they cannot draw).
 * It lays out exactly what the pack's JSON holds, section by section; no pupil is named in
 * either.
 */
import { StandardFonts, rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import { localDate, longDate } from '../../domain/index';
import type { GovernorPackResponse, TrackedWeekDto } from '../../shared/api/governorSchemas';
import { drawable, newPdf, wrap } from '../mail/letterPdf';

const A4 = [595.28, 841.89] as const;
const MARGIN = 50;
const INK = rgb(0.1, 0.1, 0.12);
const GREY = rgb(0.4, 0.4, 0.45);

type Figures = GovernorPackResponse['figures'];

const pct = (p: number | null): string => (p === null ? 'n/a' : `${p.toFixed(1)} %`);
const day = (d: string): string => longDate(localDate(d));

/** "95.1 % of 12,340 possible sessions". */
function attendanceLine(f: Figures): string {
  return `Attendance ${pct(f.stats.attendancePercent)} of ${f.stats.possible.toLocaleString('en-GB')} possible sessions`;
}

function absenceLine(f: Figures): string {
  const c = f.cohort;
  return `Persistent absence ${pct(c.persistentPercent)} (${c.persistent} of ${c.pupils} pupils); severe absence ${pct(c.severePercent)} (${c.severe})`;
}

const AGAINST: Readonly<Record<string, string>> = {
  met: 'met',
  below: 'below target',
  above: 'above target',
  noSessions: 'no sessions',
  noPupils: 'no pupils',
};

class Writer {
  private page: PDFPage;
  private y: number;

  constructor(
    private readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.page = doc.addPage([...A4]);
    this.y = A4[1] - MARGIN;
  }

  private room(height: number): void {
    if (this.y - height >= MARGIN) return;
    this.page = this.doc.addPage([...A4]);
    this.y = A4[1] - MARGIN;
  }

  text(text: string, options: { size?: number; bold?: boolean; grey?: boolean } = {}): void {
    const size = options.size ?? 10;
    const font = options.bold === true ? this.bold : this.regular;
    for (const line of wrap(font, drawable(font, text), A4[0] - 2 * MARGIN, size)) {
      this.room(size + 4);
      this.page.drawText(line, {
        x: MARGIN,
        y: this.y - size,
        size,
        font,
        color: options.grey === true ? GREY : INK,
      });
      this.y -= size + 4;
    }
  }

  heading(text: string): void {
    this.gap(10);
    this.room(40);
    this.text(text, { size: 14, bold: true });
    this.gap(2);
  }

  gap(height: number): void {
    this.y -= height;
  }
}

/** The pack as a PDF. */
export async function governorPackPdf(
  pack: GovernorPackResponse,
): Promise<Uint8Array<ArrayBuffer>> {
  const title = `Attendance: governors' pack, ${pack.school.name}, ${pack.term.name}`;
  const doc = await newPdf(title);
  const w = new Writer(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
  );
  w.text(pack.school.name, { size: 18, bold: true });
  w.text(`Attendance: governors' pack for ${pack.term.name}`, { size: 14 });
  w.text(
    `${day(pack.term.from)} to ${day(pack.term.to)}. Pupils aged 5 to 15, as the DfE's statistics count them. No pupil is named in this pack.`,
    { grey: true },
  );

  w.heading('Figures');
  w.text(attendanceLine(pack.figures));
  w.text(
    `Authorised absence ${pct(pack.figures.stats.authorisedPercent)}; unauthorised absence ${pct(pack.figures.stats.unauthorisedPercent)}`,
  );
  w.text(absenceLine(pack.figures));
  w.text(
    `Persistent absence is ${pack.thresholds.persistentAbsencePercent} % or more of possible sessions missed; severe absence ${pack.thresholds.severeAbsencePercent} % or more.`,
    { grey: true },
  );

  w.heading('Targets');
  if (pack.targets.inForce.length === 0) {
    w.text(`No target has been approved for ${pack.targets.yearLabel}.`);
  }
  for (const t of pack.targets.inForce) {
    const { target } = t;
    w.text(
      `${target.groupLabel}: attendance ${target.attendancePercent} % (${t.attendance === null ? 'not available' : AGAINST[t.attendance]}), persistent absence at most ${target.persistentPercent} % (${t.persistence === null ? 'not available' : AGAINST[t.persistence]})`,
      { bold: true },
    );
    const decided = target.decision;
    w.text(
      `Proposed by ${target.proposedBy.name} on ${day(target.proposedAt.slice(0, 10))}${decided === null ? '' : `; approved by ${decided.decidedBy.name} (governor) on ${day(decided.decidedAt.slice(0, 10))}`}.`,
      { grey: true },
    );
  }
  if (pack.targets.waiting > 0) {
    w.text(`${pack.targets.waiting} proposed target(s) wait for a governor's decision.`);
  }

  w.heading('Week by week');
  w.text(
    'Each school week: its attendance against the target, and persistent absence so far this school year.',
    { grey: true },
  );
  const weekLines = (weeks: readonly TrackedWeekDto[]) => {
    for (const week of weeks) {
      const against = week.attendance === null ? '' : ` (${AGAINST[week.attendance]})`;
      w.text(
        `Week of ${day(week.weekStart)}: attendance ${pct(week.week.attendancePercent)} of ${week.week.possible} sessions${against}; persistent absence so far ${pct(week.persistentPercent)} (${week.persistent} of ${week.pupils} pupils)`,
      );
    }
  };
  weekLines(pack.trends.weeks);
  for (const t of pack.targets.inForce) {
    if (t.target.group === null) continue;
    w.text(`Week by week: ${t.target.groupLabel}`, { bold: true });
    if (t.weeks === null) {
      w.text(`Fewer than ${pack.groups.smallGroupMinimum} pupils, not shown`);
    } else {
      w.text('Each pupil counted only on the days they were in the group.', { grey: true });
      weekLines(t.weeks);
    }
  }

  w.heading('Term on term');
  for (const t of pack.trends.terms) {
    w.text(`${t.name} (${day(t.from)} to ${day(t.to)})`, { bold: true });
    w.text(attendanceLine(t.figures));
    w.text(absenceLine(t.figures));
  }

  w.heading('Groups of pupils');
  for (const row of pack.groups.rows) {
    if (row.suppressed) {
      w.text(`${row.group.label}: fewer than ${pack.groups.smallGroupMinimum} pupils, not shown`);
    } else if (row.figures === null) {
      w.text(`${row.group.label}: not available`);
    } else {
      w.text(`${row.group.label}: ${attendanceLine(row.figures)}; ${absenceLine(row.figures)}`);
    }
  }
  for (const note of pack.groups.notes) w.text(note, { grey: true });

  w.heading('Compared with published figures');
  for (const row of pack.benchmarks.rows) {
    w.text(row.label, { bold: true });
    for (const b of row.benchmarks) {
      const gap =
        b.gapDaysPerPupil === null ? '' : `; gap ${b.gapDaysPerPupil.toFixed(1)} days per pupil`;
      w.text(
        `${b.areaName} (${b.period}): overall absence ${pct(b.overallAbsencePercent)}, persistent absence ${pct(b.persistentPercent)}${gap}. Source: ${b.source}`,
      );
    }
  }
  for (const note of pack.benchmarks.notes) w.text(note, { grey: true });

  return new Uint8Array(await doc.save());
}
