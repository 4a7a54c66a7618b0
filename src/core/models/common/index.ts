/** What every model workspace shares: rank metrics, intervals, pairwise and pointwise fitting, result records, the registry, splits by group. */
export * from './rank-metrics';
export * from './bootstrap';
export * from './bradley-terry';
export * from './ridge';
export * from './results';
export * from './registry';
export * from './splits';
export * from './pan-metrics';
