/** Importing this module registers every op; the builders are re-exported for model code. */
export * from './elementwise';
export * from './reduce';
export * from './shape';
export * from './indexing';
export * from './linalg';
export * from './activations';
export * from './gradient-control';
export * from './entries';
