import type { FeatureCard } from '../../shared/schemas/report';
import type { SquareState } from '../explorer';
import type { Report } from './model';

/** A small report with awkward values (commas, quotes, a line break, full-precision numbers) for tests. */
export function testReport(): Report {
  return {
    title: 'Othello demo — SAE sweep',
    createdAt: '2026-01-02T03:04:05.000Z',
    summary: [
      { label: 'Project', value: '/tmp/demo.fstudio' },
      { label: 'Activations', value: '1,234 positions × 64 dims, layer 2 (resid_post)' },
    ],
    family: 'mine_yours_blank_mask',
    sections: ['summary', 'pareto', 'coverage', 'runTable'],
    records: [
      { run: 'relu-l1, λ=0.1', kind: 'sae', arch: 'relu-l1', width: 256, l0: 31.25, fvu: 0.1 + 0.2, coverage: 0.41, boardReconstruction: 0.37, cossim: 0.93, deadFraction: 0.0078125, note: 'said "fine"\nthen stopped' },
      { run: 'topk-k8', kind: 'sae', arch: 'topk', width: 256, l0: 8, fvu: 0.2512345678901234, coverage: 0.45, boardReconstruction: 0.4, cossim: 0.9, deadFraction: 0 },
      { run: 'random', kind: 'baseline', arch: 'random', width: 256, l0: 128.5, fvu: 0.95, coverage: 0.12, boardReconstruction: 0.02, cossim: null, deadFraction: null },
      { run: 'neurons', kind: 'baseline', arch: 'neurons', width: 64, l0: 32, fvu: 0, coverage: 0.3, boardReconstruction: 0.2, cossim: 1, deadFraction: 0 },
    ],
  };
}

/** A card as the explorer would give it: 40 firing rows of 200, two properties, two boards and one plain row. */
export function testCard(feature: number): FeatureCard {
  const squares = Array.from({ length: 64 }, (_, sq): SquareState => (sq === 27 || sq === 36 ? 'white' : sq === 28 || sq === 35 ? 'black' : 'empty'));
  return {
    runId: 'topk-k8',
    run: 'topk-k8',
    feature,
    frequency: 0.2,
    maxActivation: 3.5,
    meanActivation: 1.25,
    histogram: { edges: [0, 1, 2, 3, 4], counts: [10, 20, 9, 1], rows: 200 },
    properties: [
      { family: 'mine_yours_blank_mask', cell: 58, label: 'mine_yours_blank_mask d3 = yours', square: 19, threshold: 0.5, precision: 0.9, recall: 0.6, f1: 0.72 },
      { family: 'valid_moves', cell: 20, label: 'valid_moves e3', square: 20, threshold: 1, precision: 0.5, recall: 0.5, f1: 0.5 },
    ],
    examples: [
      { row: 17, activation: 3.5, board: { kind: 'othello', game: 2, ply: 9, squares, move: 19 }, tokens: null },
      { row: 80, activation: 3.25, board: { kind: 'othello', game: 5, ply: 12, squares, move: null }, tokens: null },
      { row: 99, activation: 3, board: null, tokens: null },
    ],
    explanation: { text: 'a yours stone on d3, "often" after a diagonal flip', score: 0.81, method: 'manual' },
  };
}
