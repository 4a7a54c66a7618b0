import type { MethodName } from './methods';
import type { EventName } from './event-table';

/**
 * The table's keys as plain strings, for the sandboxed preload (which should not bundle zod)
 * and for any front door that only needs the names. `satisfies` plus the completeness checks
 * below make a method added to the table and missing here a compile error.
 */
export const methodNames = [
  'health',
  'pickPath',
  'allowedRoots',
  'listRecentProjects',
  'createProject',
  'openProject',
  'getProject',
  'closeProject',
  'listDatasets',
  'getDataset',
  'inspectImportFile',
  'importDataset',
  'listJobKinds',
  'startJob',
  'listJobs',
  'getJob',
  'getJobLog',
  'cancelJob',
  'listFeatures',
  'getFeature',
  'getBoardScores',
  'importExplanations',
  'explainFeatures',
  'getFeatureExplanation',
  'exportFeatures',
  'checkRunDataset',
  'matchRuns',
  'previewReport',
  'exportReport',
  'getReportFile',
  'listArchitectures',
  'listRuns',
  'getRun',
  'getRunMetrics',
  'getRunEval',
  'getHeldOutScores',
  'getBaselineScores',
  'trainSae',
  'evaluateRun',
  'importSae',
  'congestionState',
  'congestionImport',
  'congestionSearch',
  'congestionTrain',
  'congestionRudy',
  'congestionLayout',
  'congestionDeck',
  'congestionSavedDeck',
  'listCorpora',
  'getCorpus',
  'inspectCorpusFile',
  'importCorpus',
  'listConceptSets',
  'createConceptSet',
  'startConcepts',
  'getConcepts',
  'listRewardModels',
  'getRewardModel',
  'getRewardPair',
  'rewardShift',
  'rewardCandidates',
  'rewardDomains',
  'getRewardFeature',
  'getCorpusRows',
  'listTextFeatures',
  'exportRewardReport',
  'listReviewModels',
  'getReviewModel',
  'getReviewView',
  'exportReviewsReport',
  'listAuthorshipModels',
  'getAuthorshipModel',
  'getAuthorshipPair',
  'exportAuthorshipReport',
] as const satisfies readonly MethodName[];

export const eventNames = ['jobUpdate', 'jobLog'] as const satisfies readonly EventName[];

type Missing<All, Listed> = Exclude<All, Listed>;
// Each resolves to `true` only when no name is missing; otherwise the assignment fails to compile.
const methodsComplete: Missing<MethodName, (typeof methodNames)[number]> extends never ? true : false = true;
const eventsComplete: Missing<EventName, (typeof eventNames)[number]> extends never ? true : false = true;
void methodsComplete;
void eventsComplete;

/** Electron IPC channels: one per method, all under one prefix the main process checks. */
export const IPC_PREFIX = 'studio:';
export const IPC_EVENT_CHANNEL = 'studio:event';
export const ipcChannel = (method: string): string => `${IPC_PREFIX}${method}`;
