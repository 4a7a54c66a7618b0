export { featurise, type FeatureMatrix } from './featurise';
export { familyInfo, featureInfo, selectFeatures, textFamilies, textFeature, textFeatures } from './registry';
export type { Evidence, TextFamily, TextFeature } from './types';
