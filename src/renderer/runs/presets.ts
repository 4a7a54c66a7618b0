/** Starting points for the new-run form: an architecture, its settings and the width as a multiple of d. */
export interface RunPreset {
  label: string;
  arch: string;
  archConfig: Record<string, number>;
  /** width = expansion × the dataset's dims */
  expansion: number;
}

/** Common settings from the papers each architecture comes from (ALGORITHMS.md §2). */
export const RUN_PRESETS: readonly RunPreset[] = [
  { label: 'TopK k=32 ×8 width', arch: 'topk', archConfig: { k: 32 }, expansion: 8 },
  { label: 'BatchTopK k=32 ×8 width', arch: 'batchtopk', archConfig: { k: 32 }, expansion: 8 },
  { label: 'ReLU + L1 ×8 width', arch: 'relu', archConfig: {}, expansion: 8 },
  { label: 'JumpReLU ×16 width', arch: 'jumprelu', archConfig: {}, expansion: 16 },
];
