import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../../io/atomic';
import type { Project } from '../../project/project';
import { csvTable } from '../../reports/csv';
import type { Deck } from './deck';
import { writeDeckPdf } from './deck-pdf';
import { congestionDir } from './layouts';
import { modelFile } from './workspace';
import { listReport } from '../../project/listed';

/**
 * A layout's suggestion deck as the project keeps it: reports/congestion-deck-<layout>.pdf and
 * .csv, listed among the project's reports (so the Reports screen offers them like any other),
 * and congestion/decks/<layout>.json, which the Congestion screen shows again without a rebuild.
 */
export interface SavedDeck extends Deck {
  reportId: string;
  /** the PDF */
  file: string;
  createdAt: string;
  /** the model was trained again after the deck was built: its numbers are the old model's */
  stale: boolean;
}

export const deckReportId = (layoutId: string) => `congestion-deck-${layoutId}`;
const deckJson = (projectDir: string, layoutId: string) => path.join(congestionDir(projectDir), 'decks', `${layoutId}.json`);
const reportFile = (projectDir: string, layoutId: string, ext: 'pdf' | 'csv') => path.join(projectDir, 'reports', `${deckReportId(layoutId)}.${ext}`);

/** One row per card; the maps stay in the PDF. */
export function deckCsv(deck: Deck): string {
  const columns = ['layout', 'rank', 'name', 'definition', 'value', 'percentile', 'median', 'gate', 'a', 'contribution', 'deltaR', 'suggestion'];
  return csvTable(
    columns,
    deck.cards.map((c) => ({ layout: deck.layout, rank: c.rank, name: c.name, definition: c.definition, value: c.value, percentile: c.percentile, median: c.median, gate: c.gate, a: c.a, contribution: c.contribution, deltaR: c.deltaR, suggestion: c.suggestion })),
  );
}

/** Writes the deck's PDF, CSV and JSON, and lists the report once (a rebuild replaces its files). */
export async function saveDeck(project: Project, deck: Deck): Promise<SavedDeck> {
  const reportId = deckReportId(deck.layout);
  const createdAt = new Date().toISOString();
  await writeDeckPdf(reportFile(project.dir, deck.layout, 'pdf'), deck);
  await writeFileAtomic(reportFile(project.dir, deck.layout, 'csv'), deckCsv(deck));
  await writeJsonAtomic(deckJson(project.dir, deck.layout), { ...deck, createdAt });
  await listReport(project, { id: reportId, name: `Congestion deck — ${deck.layout}`, createdAt });
  return { ...deck, reportId, file: reportFile(project.dir, deck.layout, 'pdf'), createdAt, stale: false };
}

/** The layouts with a saved deck. */
export async function savedDeckLayouts(projectDir: string): Promise<string[]> {
  const names = await fs.readdir(path.join(congestionDir(projectDir), 'decks')).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length));
}

/** The deck last built for a layout, or null when none was. */
export async function readSavedDeck(projectDir: string, layoutId: string): Promise<SavedDeck | null> {
  const text = await fs.readFile(deckJson(projectDir, layoutId), 'utf8').catch(() => null);
  if (text === null) return null;
  const deck = JSON.parse(text) as Deck & { createdAt: string };
  const trained = await fs.stat(modelFile(projectDir)).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  return { ...deck, reportId: deckReportId(layoutId), file: reportFile(projectDir, layoutId, 'pdf'), stale: trained > Date.parse(deck.createdAt) };
}
