import { registerWorkspace } from '../common/registry';

/**
 * The congestion workspace (issue 23, ALGORITHMS-DETAIL §10, after MLLMA): CircuitNet-style
 * layout maps → RUDY from net lists → interpretable layout features found by a genetic search →
 * a gated preference model (preferred = less congested) scored on held-out designs against
 * baselines → a design-suggestion deck for one layout.
 */
export const congestionWorkspace = registerWorkspace({
  name: 'congestion',
  title: 'Chip congestion',
  summary: 'Layout maps → RUDY → interpretable layout features (genetic search) → gated preference model → suggestion deck',
  schemas: ['LayoutSet', 'GatedModel'],
  jobKinds: ['congestion-import', 'congestion-search', 'congestion-train'],
  reportSections: ['congestion'],
  commands: ['import', 'rudy', 'search', 'train', 'deck'],
  demo: 'congestion',
});

export { importLayouts, loadLayouts, readLayoutSet, LayoutInfo, LayoutSet, type Layout } from './layouts';
export { computeRudy, type NetList, type RudyMaps } from './rudy';
export { compareRudy, n28DemoPairs, type RudyComparison } from './rudy-check';
export { parseFeature, describe as describeFeature, print as printFeature, OPS as FEATURE_OPS } from './language';
export { runSearch, type SearchResult, type GenerationRecord } from './search';
export { trainGated, gatedForward, GatedModel } from './gated';
export { buildDeck, type Deck, type DeckCard } from './deck';
export { writeDeckPdf } from './deck-pdf';
export { saveDeck, readSavedDeck, type SavedDeck } from './deck-store';
export { listCongestionReport, writeCongestionReport } from './report';
export { searchProject, trainProject, readSearch, readModel, readMetrics, summarise, type TrainSummary, type TrainMetrics } from './workspace';
