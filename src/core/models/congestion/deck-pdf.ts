import { layoutHeatmapSvg, RUDY_UPPER } from '../../../shared/charts/layoutHeatmap';
import { writeFileAtomic } from '../../io/atomic';
import { reportFonts, type ReportFonts } from '../../reports/fonts';
import { PdfLayout } from '../../reports/layout';
import type { Deck, DeckCard } from './deck';

/** Points a map takes on the page; the SVG is drawn at this size, since its own width wins over the box pdfkit is given. */
const MAP_SIZE = 220;

const fmt = (v: number) => (!Number.isFinite(v) ? '—' : Math.abs(v) >= 1000 || (Math.abs(v) < 0.001 && v !== 0) ? v.toExponential(3) : v.toPrecision(4));

/** The layout's RUDY as the Congestion screen draws it: full colour from the 98th percentile up, past the hot top edge. */
export function rudyFigure(deck: Deck): { svg: string; caption: string } {
  return { svg: layoutHeatmapSvg({ ...deck.rudy, mask: deck.macro?.values, upper: RUDY_UPPER }, MAP_SIZE), caption: 'RUDY, macros in blue; full colour from its 98th percentile up' };
}

/** A card's maps: where the feature measures (coloured like RUDY when it is made from RUDY), then the layout's RUDY. */
export function cardFigures(deck: Deck, card: DeckCard): { svg: string; caption: string }[] {
  const overlay = card.overlay && { svg: layoutHeatmapSvg({ ...card.overlay, upper: card.overlayUpper }, MAP_SIZE), caption: `where the feature measures${card.overlayUpper < 1 ? '; full colour from its 98th percentile up' : ''}` };
  return overlay ? [overlay, rudyFigure(deck)] : [rudyFigure(deck)];
}

/** The deck as PDF pages: a cover with the layout's maps, then one page per feature card. */
export async function renderDeckPdf(deck: Deck, fonts: ReportFonts = reportFonts()): Promise<Buffer> {
  const page = new PdfLayout(fonts, { title: `Design suggestions — ${deck.layout}`, createdAt: new Date().toISOString() });
  page.heading(`Design suggestions for ${deck.layout}`, 18);
  page.facts([
    { label: 'Design', value: deck.design },
    { label: 'Congestion label', value: `${fmt(deck.label)} (total GR overflow of the label map, or the imported scalar)` },
    { label: 'Model score R', value: `${fmt(deck.r)} — higher = less congested (the model prefers the less congested layout of a pair; congestion score = −R = ${fmt(deck.congestionScore)})` },
    { label: 'Cards', value: `${deck.cards.length} features, ranked by |g·a|, the size of their part in R` },
  ]);
  page.figures([rudyFigure(deck)], MAP_SIZE);
  for (const card of deck.cards) {
    page.newPage();
    page.heading(`${card.rank}. ${card.name}`, 14);
    page.paragraph(card.description);
    page.facts([
      { label: 'Definition', value: card.definition },
      { label: 'Value', value: `${fmt(card.value)} (percentile ${Number.isFinite(card.percentile) ? card.percentile.toFixed(0) : '—'} of the training layouts; median ${fmt(card.median)})` },
      { label: 'Gate g', value: fmt(card.gate) },
      { label: 'a (oriented)', value: `${fmt(card.a)} (larger = less congested)` },
      { label: 'Contribution g·a', value: `${fmt(card.contribution)} ${card.contribution >= 0 ? '(towards less congested)' : '(towards more congested)'}` },
      { label: 'ΔR at median', value: fmt(card.deltaR) },
      { label: 'Suggestion', value: card.suggestion },
    ]);
    page.figures(cardFigures(deck, card), MAP_SIZE);
  }
  return page.finish();
}

export async function writeDeckPdf(file: string, deck: Deck): Promise<void> {
  await writeFileAtomic(file, await renderDeckPdf(deck));
}
