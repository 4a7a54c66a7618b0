import { layoutHeatmapSvg } from '../../../shared/charts/layoutHeatmap';
import { writeFileAtomic } from '../../io/atomic';
import { reportFonts, type ReportFonts } from '../../reports/fonts';
import { PdfLayout } from '../../reports/layout';
import type { Deck } from './deck';

/** Points a map takes on the page; the SVG is drawn at this size, since its own width wins over the box pdfkit is given. */
const MAP_SIZE = 220;

const fmt = (v: number) => (!Number.isFinite(v) ? '—' : Math.abs(v) >= 1000 || (Math.abs(v) < 0.001 && v !== 0) ? v.toExponential(3) : v.toPrecision(4));

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
  page.figures([{ svg: layoutHeatmapSvg({ h: deck.rudy.h, w: deck.rudy.w, values: deck.rudy.values, mask: deck.macro?.values }, MAP_SIZE), caption: 'RUDY, macros in blue' }], MAP_SIZE);
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
    const figs = [{ svg: layoutHeatmapSvg({ h: deck.rudy.h, w: deck.rudy.w, values: deck.rudy.values, mask: deck.macro?.values }, MAP_SIZE), caption: 'RUDY, macros in blue' }];
    if (card.overlay) figs.unshift({ svg: layoutHeatmapSvg({ h: card.overlay.h, w: card.overlay.w, values: card.overlay.values }, MAP_SIZE), caption: 'where the feature measures' });
    page.figures(figs, MAP_SIZE);
  }
  return page.finish();
}

export async function writeDeckPdf(file: string, deck: Deck): Promise<void> {
  await writeFileAtomic(file, await renderDeckPdf(deck));
}
