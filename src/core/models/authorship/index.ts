import { registerWorkspace } from '../common/registry';

/**
 * The authorship workspace's registry entry: residualized similarity (ALGORITHMS-DETAIL §9) — a
 * Gram2Vec cosine explained feature by feature, corrected by a neural residual on the engine,
 * with how much the residual decides.
 */
export const authorshipWorkspace = registerWorkspace({
  name: 'authorship',
  title: 'Authorship',
  summary: 'Authorship verification by residualized similarity: interpretable Gram2Vec cosine + neural residual, PAN metrics, faithfulness, the Federalist case study',
  schemas: ['AuthorshipModelInfo', 'AuthorshipConfig', 'AuthorshipPairView', 'FederalistRow'],
  jobKinds: ['train-authorship'],
  reportSections: ['authorship'],
  commands: ['train', 'eval', 'explain', 'report'],
  demo: 'authorship',
});

export { trainAuthorship, type AuthorshipTraining } from './train';
export { samplePairs, type AuthoredText, type TextPair, type PairSets } from './pairs';
export { readAuthoredTexts, readPanPairs, type LabelledPair } from './inputs';
export { vectorise, cosine, contributions, GRAM2VEC_FEATURES, UNAVAILABLE_FAMILIES } from './vectorise';
export { explainPair } from './explain';
export { federalistCaseStudy, readFederalist, type FederalistPaper } from './federalist';
export { writeAuthorshipReport, authorshipRecords } from './report';
