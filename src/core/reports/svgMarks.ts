/**
 * svg-to-pdfkit (0.1.8) draws a glyph only when its advance width is non-zero, so combining
 * marks — the hat of r̂ and x̂ in chart labels — were left out of every chart in a PDF while the
 * body text, set by pdfkit itself, kept them. While `draw` runs, the faces named here report a
 * marginal advance width for their zero-width glyphs: the mark is drawn where fontkit's mark
 * positioning put it (its offset and advance are untouched), and no other text moves.
 */

interface EncodedPosition {
  advanceWidth: number;
}
interface EncodingFont {
  encode(text: string, features?: unknown): [string[], EncodedPosition[]];
}

/** In font units (1/1000 em): about 1e-5 pt at 12 pt, above the library's 1e-10 cut and invisible. */
const MARK_WIDTH = 1e-3;

export function withCombiningMarks(doc: PDFKit.PDFDocument, faces: readonly string[], draw: () => void): void {
  const fonts = faces.map((face) => (doc.font(face) as unknown as { _font: EncodingFont })._font);
  const patched = fonts.filter((font, i) => fonts.indexOf(font) === i && typeof font?.encode === 'function');
  for (const font of patched) {
    const encode = Object.getPrototypeOf(font).encode as EncodingFont['encode'];
    font.encode = function (text, features) {
      const [glyphs, positions] = encode.call(this, text, features);
      return [glyphs, positions.map((p) => (p.advanceWidth === 0 ? { ...p, advanceWidth: MARK_WIDTH } : p))];
    };
  }
  try {
    draw();
  } finally {
    for (const font of patched) delete (font as Partial<EncodingFont>).encode;
  }
}
