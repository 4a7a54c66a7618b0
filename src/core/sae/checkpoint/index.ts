export * from './files';
export * from './fold';
export * from './forward';
export * from './load';
export * from './sae';
export { loadSaeLens, saveSaeLens, type StudioCfg } from './saelens';
export * from './sparsify';
export * from './trainerState';
