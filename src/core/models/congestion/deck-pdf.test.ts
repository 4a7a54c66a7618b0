import { describe, expect, it } from 'vitest';
import type { Deck, DeckCard } from './deck';
import { cardFigures, rudyFigure } from './deck-pdf';

/*
 * The deck's maps follow the screen's rule (layoutHeatmap.ts): RUDY, and a feature map made from
 * RUDY, coloured up to the 98th percentile; other maps min-max. A 64 × 64 map like CircuitNet's
 * RUDY (synthetic): the top row ten times the interior, which varies 0.005–0.015.
 */
const rudy = { h: 64, w: 64, values: Array.from({ length: 64 * 64 }, (_, i) => (i < 64 ? 0.12 : 0.005 + 0.01 * ((i % 64) / 63))) };
const card = (overlayUpper: number): DeckCard => ({ rank: 1, definition: 'mean(rudy)', name: 'mean_rudy', description: 'mean of RUDY', value: 0.01, percentile: 50, median: 0.01, gate: 1, a: 0, contribution: 0, deltaR: 0, suggestion: '', overlay: rudy, overlayUpper });
const deck: Deck = { layout: 'l', design: 'd', label: 1, r: 0, congestionScore: 0, rudy, macro: null, cards: [card(0.98)] };
/** coloured cells: white (below 1% of the span) is not drawn */
const cells = (svg: string) => svg.match(/<rect x=/g)?.length ?? 0;

describe('the suggestion deck’s maps', () => {
  it('colour RUDY up to its 98th percentile, so the interior is not left white by the hot top edge', () => {
    expect(cells(rudyFigure(deck).svg)).toBeGreaterThan(64 + 62 * 63);
  });

  it('colour a feature map made from RUDY the same way, and any other map min-max', () => {
    const [fromRudy] = cardFigures(deck, card(0.98));
    expect(cells(fromRudy.svg)).toBeGreaterThan(64 + 62 * 63);
    expect(fromRudy.caption).toContain('98th percentile');
    const [other] = cardFigures(deck, card(1));
    expect(cells(other.svg)).toBeLessThan(64 + 63 * 63);
    expect(other.caption).toBe('where the feature measures');
  });
});
