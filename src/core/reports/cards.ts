/**
 * The feature cards section: one page per chosen feature, drawn from the explorer's feature page
 * (Bricken et al. 2023's feature pages, reduced to what prints): its numbers, the activation
 * histogram from the explorer's own chart builder, the board properties it classifies best and
 * its top examples drawn as boards.
 */
import { boardSvg } from '../../shared/charts/boardSvg';
import { CARD_EXAMPLES, CARD_PROPERTIES, cardFacts, exampleCaption } from '../../shared/charts/featureCard';
import { featureHistogramOption } from '../../shared/charts/featureHistogram';
import type { RunColumn } from '../../shared/charts/runTable';
import { formatNumber } from '../../shared/format';
import type { FeatureCard } from '../../shared/schemas/report';
import type { PdfLayout } from './layout';
import type { ReportSection } from './sections';

const BOARD_SIZE = 112;

const PROPERTY_COLUMNS: readonly RunColumn[] = [
  { key: 'label', label: 'board property', align: 'left' },
  { key: 'precision', label: 'precision', align: 'right' },
  { key: 'recall', label: 'recall', align: 'right' },
  { key: 'f1', label: 'F1', align: 'right' },
];

export const featureCardsSection: ReportSection = {
  title: 'Feature cards',
  keepTogether: 0,
  startsPage: true,
  draw(page, report) {
    (report.cards ?? []).forEach((card, i) => {
      if (i > 0) page.newPage();
      drawCard(page, card);
    });
  },
};

function drawCard(page: PdfLayout, card: FeatureCard): void {
  page.heading(`${card.run} · feature ${card.feature}`, 12);
  page.facts(cardFacts(card));
  const examples = card.examples.slice(0, CARD_EXAMPLES);
  if (examples.length === 0) {
    // a dead feature: an empty histogram and no properties would say the same thing three times
    page.paragraph('This feature never fires on the explored rows.');
    return;
  }
  page.chart(featureHistogramOption(card.histogram, page.theme, card.feature), 190);
  const props = card.properties.slice(0, CARD_PROPERTIES);
  if (props.length === 0) page.paragraph('No board-state labels on these rows: no board properties to score.');
  else page.table({ columns: PROPERTY_COLUMNS, rows: props.map((p) => [p.label, formatNumber(p.precision), formatNumber(p.recall), formatNumber(p.f1)]) });
  const boards = examples.filter((ex) => ex.board !== null);
  page.paragraph(`Top-activating examples.${boards.length > 0 ? ` ${boardLegend(boards, props[0])}` : ''}`);
  page.figures(boards.map((ex) => ({ svg: boardSvg(ex.board!, props[0]?.square ?? null, BOARD_SIZE, { chessGlyphs: page.unicode }), caption: exampleCaption(ex) })), BOARD_SIZE);
  for (const ex of examples.filter((e) => e.board === null)) page.paragraph(exampleCaption(ex));
}

/** What the marks on the boards mean: the outlined property square, and how the last move shows (boardSvg). */
function boardLegend(examples: FeatureCard['examples'], best: FeatureCard['properties'][number] | undefined): string {
  const chess = examples.some((ex) => ex.board && 'kind' in ex.board && ex.board.kind === 'chess');
  const move = chess ? 'tinted squares: the move just played' : 'red dot: the move just played';
  return best?.square != null ? `Outlined square: ${best.label}; ${move}.` : `${move[0].toUpperCase()}${move.slice(1)}.`;
}
