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
