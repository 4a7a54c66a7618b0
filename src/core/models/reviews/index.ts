import { registerWorkspace } from '../common/registry';

/**
 * The review-quality workspace (issue 17, ALGORITHMS-DETAIL §8, after AutoQual): a review corpus
 * with a quality signal → candidate features in a declarative language (registry families,
 * data-driven templates, a lexicon, reflection, memory) → beam search scored on reviews it never fitted → the kept
 * features against length, bag-of-words, embedding and all-families baselines on a test split.
 */
export const reviewsWorkspace = registerWorkspace({
  name: 'reviews',
  title: 'Review quality',
  summary: 'Review corpus → interpretable quality features found by beam search (AutoQual, offline) → test-split table against baselines',
  schemas: ['ReviewModelInfo', 'ReviewView'],
  jobKinds: ['discover-reviews'],
  reportSections: ['reviews'],
  commands: ['discover', 'eval'],
  demo: 'reviews',
});

export { parseFeatureDef, parseExpr, evaluate, describe as describeFeature, type FeatureDef, type Expr } from './language';
export { discover, DiscoverConfig, type ReviewItem, type Discovery } from './discover';
export { runDiscovery, rememberDiscovery, memoryEntry, type DiscoveryRequest } from './run';
export { readReviewModel, saveReviewModel, REVIEWS_FILE } from './store';
export { viewReview, viewCorpusReview } from './view';
export { parseTarget, describeTarget, DEFAULT_MIN_VOTES, type TargetSpec } from './target';
export { MEMORY_FILE, memoryPath, readMemory, retrieve } from './memory';
export { shippedTextEmbedder } from './embedding';
