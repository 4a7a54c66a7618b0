/**
 * The Concepts screen in a report (issue 21): per concepts result, what was matched, the
 * category table, the UMAP scatter and the Ball Mapper graph drawn by the screen's own builders,
 * and beside the PDF a CSV with one row per retrieved feature.
 */
import { ballMapperOption, categoryOrder, CONCEPT_COLUMNS, conceptFeatureRows, conceptUmapOption } from '../../shared/charts/conceptViews';
import type { ConceptResult } from '../../shared/schemas/concepts';
import { formatCount } from '../../shared/format';
import { writeFileAtomic } from '../io/atomic';
import { csvTable } from './csv';
import type { ReportSection } from './sections';

const NONE = new Set<number>();

export const conceptsSection: ReportSection = {
  title: 'Concepts',
  keepTogether: 200,
  draw(page, report) {
    for (const r of report.concepts ?? []) {
      const order = categoryOrder(r.categories);
      page.heading(`${r.setName} on ${r.runId}`, 12);
      page.facts([
        { label: 'Matched', value: `${formatCount(r.features.length)} features (${formatCount(r.matches.length)} feature–concept pairs) at threshold ${r.threshold}, on ${formatCount(r.rows)} held-out rows of ${r.datasetId}` },
        { label: 'Rule', value: r.domain === 'board' ? 'best F1 of the feature as a classifier of the property over the 11 thresholds (Karvonen et al. 2024)' : "F1 of the feature's firing against the concept's words over held-out tokens" },
        { label: 'Ball Mapper', value: `ε ${r.ballMapper.epsilon}${r.ballMapper.epsilonKnee === null ? ' (no knee: median nearest-neighbour distance)' : r.ballMapper.epsilon === r.ballMapper.epsilonKnee ? ' (knee of the sorted nearest-neighbour cosine distances)' : ` (set by hand; the knee gave ${r.ballMapper.epsilonKnee})`}: ${r.ballMapper.nodes.length} nodes, ${r.ballMapper.edges.length} edges` },
      ]);
      page.table({
        columns: [
          { key: 'category', label: 'category', align: 'left' },
          { key: 'features', label: 'features', align: 'right' },
          { key: 'concepts', label: 'concepts found', align: 'right' },
        ],
        rows: r.categories.map((c) => [c.name, formatCount(c.features), `${c.conceptsFound} / ${c.conceptsTotal}`]),
      });
      if (r.features.length === 0) {
        page.paragraph('No feature passed the threshold, so there is nothing to lay out.');
        continue;
      }
      page.paragraph('UMAP (2-D, cosine, seed 42, 15 neighbours, min. distance 0.1) of the retrieved features\' L2-normalised decoder directions, coloured by category.');
      page.chart(conceptUmapOption(r, order, NONE, page.theme), 340);
      page.paragraph('Ball Mapper on the cosine distances: each node is a ball of features within ε of its landmark, drawn as a pie of its members\' categories at their mean UMAP position and sized by members; edges join balls that share a feature.');
      page.chart(ballMapperOption(r, order, NONE, page.theme), 340);
    }
  },
};

export async function writeConceptsCsv(file: string, results: readonly ConceptResult[]): Promise<void> {
  await writeFileAtomic(file, csvTable(CONCEPT_COLUMNS, results.flatMap(conceptFeatureRows)));
}
