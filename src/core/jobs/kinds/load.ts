import type { JobKind } from '../kind';

/**
 * How a job process loads the one kind it runs. The registry (index.ts) imports every kind,
 * and with it most of the core: about 3 s of module loading under tsx on a loaded 2-core
 * machine, paid again by every job. One kind's module alone loads in a fraction of that.
 * A kind missing here still runs (the worker falls back to the registry); load.test.ts
 * fails until it is added.
 */
export const kindLoaders: Readonly<Record<string, () => Promise<JobKind>>> = {
  'import-dataset': async () => (await import('./import-dataset')).importDatasetKind,
  'toy-dataset': async () => (await import('./toy-dataset')).toyDatasetKind,
  'train-game-model': async () => (await import('./train-game-model')).trainGameModelKind,
  'extract-activations': async () => (await import('./extract-activations')).extractActivationsKind,
  'train-sae': async () => (await import('./train-sae')).trainSaeKind,
  'feature-stats': async () => (await import('./feature-stats')).featureStatsKind,
  'import-corpus': async () => (await import('./import-corpus')).importCorpusKind,
  concepts: async () => (await import('./concepts')).conceptsKind,
  'train-reward-model': async () => (await import('./train-reward-model')).trainRewardModelKind,
  'train-text-model': async () => (await import('./train-text-model')).trainTextModelKind,
  'congestion-import': async () => (await import('./congestion')).congestionImportKind,
  'congestion-search': async () => (await import('./congestion')).congestionSearchKind,
  'congestion-train': async () => (await import('./congestion')).congestionTrainKind,
  'congestion-rudy': async () => (await import('./congestion')).congestionRudyKind,
  'discover-reviews': async () => (await import('./discover-reviews')).discoverReviewsKind,
  'explain-features': async () => (await import('./explain-features')).explainFeaturesKind,
  'train-authorship': async () => (await import('./train-authorship')).trainAuthorshipKind,
};

/** The kind named `name`, loading only its module when it has a loader; undefined if no kind has that name. */
export async function loadJobKind(name: string): Promise<JobKind | undefined> {
  if (Object.hasOwn(kindLoaders, name)) return kindLoaders[name]();
  const { jobKinds } = await import('./index');
  return Object.hasOwn(jobKinds, name) ? jobKinds[name] : undefined;
}
