import type { JobKind } from '../kind';
import { conceptsKind } from './concepts';
import { congestionImportKind, congestionRudyKind, congestionSearchKind, congestionTrainKind } from './congestion';
import { discoverReviewsKind } from './discover-reviews';
import { explainFeaturesKind } from './explain-features';
import { extractActivationsKind } from './extract-activations';
import { featureStatsKind } from './feature-stats';
import { importCorpusKind } from './import-corpus';
import { importDatasetKind } from './import-dataset';
import { toyDatasetKind } from './toy-dataset';
import { trainAuthorshipKind } from './train-authorship';
import { trainGameModelKind } from './train-game-model';
import { trainRewardModelKind } from './train-reward-model';
import { trainSaeKind } from './train-sae';
import { trainTextModelKind } from './train-text-model';

/** The job-kind registry: one entry per kind (STYLE.md habit 4). */
export const jobKinds: Readonly<Record<string, JobKind>> = {
  [importDatasetKind.kind]: importDatasetKind,
  [toyDatasetKind.kind]: toyDatasetKind,
  [trainGameModelKind.kind]: trainGameModelKind,
  [extractActivationsKind.kind]: extractActivationsKind,
  [trainSaeKind.kind]: trainSaeKind,
  [featureStatsKind.kind]: featureStatsKind,
  [importCorpusKind.kind]: importCorpusKind,
  [conceptsKind.kind]: conceptsKind,
  [trainRewardModelKind.kind]: trainRewardModelKind,
  [trainTextModelKind.kind]: trainTextModelKind,
  [congestionImportKind.kind]: congestionImportKind,
  [congestionSearchKind.kind]: congestionSearchKind,
  [congestionTrainKind.kind]: congestionTrainKind,
  [congestionRudyKind.kind]: congestionRudyKind,
  [discoverReviewsKind.kind]: discoverReviewsKind,
  [explainFeaturesKind.kind]: explainFeaturesKind,
  [trainAuthorshipKind.kind]: trainAuthorshipKind,
};
