import { describe, expect, it } from 'vitest';
import type { ConceptResult } from '../schemas/concepts';
import { ballMapperOption, categoryOrder, categoryOverlap, conceptFeatureRows, conceptUmapOption, leadCategory, pieNodes } from './conceptViews';
import { lightChartTheme } from './theme';

const result: ConceptResult = {
  version: 1, runId: 'r', datasetId: 'd', setId: 's', setName: 'S', domain: 'board', threshold: 0.5, rows: 10, conceptsAbsent: 0,
  matches: [
    { feature: 3, concept: 'a1', score: 0.9, precision: 1, recall: 0.8 },
    { feature: 3, concept: 'b1', score: 0.6, precision: 0.5, recall: 0.75 },
    { feature: 7, concept: 'b1', score: 0.7, precision: 0.7, recall: 0.7 },
    { feature: 9, concept: 'c1', score: 0.55, precision: 0.5, recall: 0.6 },
  ],
  features: [3, 7, 9],
  featureCategories: [['corners', 'legal moves'], ['legal moves'], ['edges']],
  categories: [
    { name: 'corners', features: 1, conceptsFound: 1, conceptsTotal: 4 },
    { name: 'edges', features: 1, conceptsFound: 1, conceptsTotal: 24 },
    { name: 'flipped', features: 0, conceptsFound: 0, conceptsTotal: 64 },
    { name: 'legal moves', features: 2, conceptsFound: 1, conceptsTotal: 64 },
  ],
  umap: { x: [0, 2, 10], y: [0, 2, 0] },
  ballMapper: { epsilon: 0.3, epsilonKnee: 0.3, nodes: [{ landmark: 0, members: [0, 1] }, { landmark: 2, members: [2] }], edges: [] },
  seconds: { retrieval: 0, umap: 0, ballMapper: 0, total: 0 },
  computedAt: '2026-01-01T00:00:00Z',
};

describe('concept views', () => {
  it('orders categories by features found and leaves out empty ones', () => {
    expect(categoryOrder(result.categories)).toEqual(['legal moves', 'corners', 'edges']);
    expect(leadCategory(['corners', 'legal moves'], ['legal moves', 'corners'], null)).toBe('legal moves');
    expect(leadCategory(['corners', 'legal moves'], ['legal moves', 'corners'], 'corners')).toBe('corners');
  });

  it('counts each category\'s overlap with a pinned one', () => {
    expect(Object.fromEntries(categoryOverlap(result.featureCategories, 'legal moves'))).toEqual({ 'legal moves': 2, corners: 1 });
  });

  it('places a node at its members\' mean UMAP position with a slice per category', () => {
    const pies = pieNodes(result, categoryOrder(result.categories), new Set([2]), lightChartTheme);
    expect(pies[0]).toMatchObject({ x: 1, y: 1, members: 2, selected: false });
    expect(pies[0].slices.map((s) => [s.name, s.count])).toEqual([['legal moves', 2], ['corners', 1]]);
    expect(pies[1]).toMatchObject({ x: 10, y: 0, selected: true });
  });

  it('draws the UMAP by category with the selection strong and the graph with its edges', () => {
    const umap = conceptUmapOption(result, categoryOrder(result.categories), new Set([1]), lightChartTheme) as { series: { name: string; data: { value: number[]; symbolSize: number }[] }[] };
    expect(umap.series.map((s) => s.name)).toEqual(['legal moves', 'edges']);
    expect(umap.series[0].data.map((p) => [p.value[2], p.symbolSize])).toEqual([[0, 7], [1, 12]]);
    const graph = ballMapperOption({ ...result, ballMapper: { ...result.ballMapper, edges: [[0, 1]] } }, [], new Set(), lightChartTheme) as { series: { type: string; links?: unknown[] }[] };
    expect(graph.series.map((s) => s.type)).toEqual(['graph', 'custom']);
    expect(graph.series[0].links).toEqual([{ source: 0, target: 1 }]);
  });

  it('lists each retrieved feature with its concepts, best score and nodes for the CSV', () => {
    expect(conceptFeatureRows(result)[0]).toEqual({ runId: 'r', set: 's', feature: 3, categories: 'corners; legal moves', concepts: 'a1; b1', bestScore: 0.9, umapX: 0, umapY: 0, nodes: '0' });
  });
});
