import { existsSync } from 'node:fs';
import path from 'node:path';

/** The faces the PDF is set in: file paths of a TrueType family, or pdfkit's built-in names. */
export interface ReportFonts {
  regular: string;
  bold: string;
  /** false for the built-in Helvetica, which has no glyphs beyond Latin-1 (no θ, x̂, ≥) */
  unicode: boolean;
}

export const DEJAVU_DIR = '/usr/share/fonts/truetype/dejavu';

/** DejaVu Sans where the system has it (full Unicode coverage for metric names), else Helvetica. */
export function reportFonts(dir = DEJAVU_DIR): ReportFonts {
  const regular = path.join(dir, 'DejaVuSans.ttf');
  const bold = path.join(dir, 'DejaVuSans-Bold.ttf');
  if (existsSync(regular) && existsSync(bold)) return { regular, bold, unicode: true };
  return { regular: 'Helvetica', bold: 'Helvetica-Bold', unicode: false };
}
