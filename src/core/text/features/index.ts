export { featurise, type FeatureMatrix } from './featurise';
export { familyInfo, featureInfo, selectFeatures, SUMMARY_FEATURES, textFamilies, textFeature, textFeatures } from './registry';
export type { Evidence, TextFamily, TextFeature } from './types';
