import { z } from 'zod';
import { method } from './define';
import { JobLogLine } from './event-table';
import { DatasetMeta, ImportFormat } from '../schemas/dataset';
import { JobInfo, JobKindInfo } from '../schemas/job';
import { ProjectSummary, RecentProject } from '../schemas/project';
import { BaselineScores, HeldOutScores, RunEval, RunInfo } from '../schemas/run';
import { BoardScores, FeatureDetail, FeatureListing, FeatureScope } from '../schemas/features';
import { ReportFiles, ReportModel, ReportRequest } from '../schemas/report';
import { CONCEPT_ROWS, ConceptResult, ConceptSetSummary, DEFAULT_CONCEPT_THRESHOLD, LEXNAMES } from '../schemas/concepts';
import { RewardCandidate, RewardDomainScan, RewardFeatureView, RewardModelDetail, RewardModelInfo, RewardPairView, RewardShift, ShiftTarget } from '../schemas/reward';
import { CorpusFileInfo, CorpusMeta, CorpusRowFeatures, ImportCorpusOptions, SplitName, TextFamilyInfo, TextFeatureInfo } from '../schemas/corpus';
import { AuthorshipModelDetail, AuthorshipModelInfo, AuthorshipPairView } from '../schemas/authorship';
import { CongestionDeck, CongestionState, LayoutView } from '../schemas/congestion';
import { ReviewModelInfo, ReviewView } from '../schemas/reviews';
import { FeatureMatchResult } from '../schemas/match';
import { FeatureExplanationLog } from '../schemas/explain';

const ProjectRef = z.object({ projectDir: z.string().min(1) });

/**
 * The contract table. IPC handlers, the preload bridge, the HTTP routes, the browser
 * client and the CLI are all derived from these entries: adding a method is one entry here
 * plus its implementation in core/studio.ts (the compiler names what is missing).
 */
export const studioMethods = {
  health: method(
    z.object({}),
    z.object({
      version: z.string(),
      providers: z.array(z.string()),
      /** true where `pickPath` can show the system's file chooser (the desktop app) */
      pickPaths: z.boolean().default(false),
    }),
    'Version, available execution providers, and what this front door offers.',
  ),
  pickPath: method(
    z.object({
      kind: z.enum(['folder', 'file']),
      title: z.string().optional(),
      /** file extensions without the dot, e.g. ['npy', 'safetensors'] */
      extensions: z.array(z.string()).optional(),
    }),
    z.object({ path: z.string().nullable() }),
    "The system's folder/file chooser (desktop only; elsewhere `unsupported`); null when dismissed.",
  ),

  allowedRoots: method(z.object({}), z.object({ roots: z.array(z.string()) }), "The folders projects and files must lie in (serve's --root); empty where any folder will do."),
  listRecentProjects: method(z.object({}), z.array(RecentProject), 'Recently opened projects, newest first.'),
  createProject: method(z.object({ dir: z.string().min(1), name: z.string().min(1) }), ProjectSummary, 'Create a project folder and open it.'),
  openProject: method(z.object({ dir: z.string().min(1) }), ProjectSummary, 'Open an existing project folder.'),
  getProject: method(ProjectRef, ProjectSummary, 'The manifest of an open project.'),
  closeProject: method(ProjectRef, z.object({ closed: z.boolean() }), 'Close an open project and release its lock.'),

  listDatasets: method(ProjectRef, z.array(DatasetMeta), 'Datasets of a project.'),
  getDataset: method(ProjectRef.extend({ datasetId: z.string() }), DatasetMeta, 'One dataset with its statistics.'),
  inspectImportFile: method(
    z.object({ path: z.string().min(1) }),
    z.object({
      format: ImportFormat,
      tensors: z.array(
        z.object({
          name: z.string(),
          /** -1 where a length is known only once the file is read (a CSV's rows) */
          shape: z.array(z.number()),
          dtype: z.string(),
          importable: z.boolean(),
          /** why a tensor cannot be imported */
          reason: z.string().optional(),
          /** what an import converts (float64 narrowed to float32, …) */
          note: z.string().optional(),
        }),
      ),
      /** CSV only: non-numeric columns that an import skips */
      skippedColumns: z.array(z.string()).optional(),
      /** about the file as a whole (a folder's shards joined, …) */
      notes: z.array(z.string()).optional(),
    }),
    'Read a file header (no data; a CSV: its header and first row) to list the tensors it holds.',
  ),
  importDataset: method(
    ProjectRef.extend({
      path: z.string().min(1),
      tensor: z.string().optional(),
      name: z.string().optional(),
      /** a token sidecar for the rows (tokens.json: sequences of token strings and each row's sequence and position) */
      tokens: z.string().min(1).optional(),
    }),
    z.object({ jobId: z.string() }),
    'Import an activation matrix into datasets/<id>/ as a job.',
  ),

  listJobKinds: method(z.object({}), z.array(JobKindInfo), 'The registered job kinds.'),
  startJob: method(
    ProjectRef.extend({ kind: z.string(), params: z.record(z.string(), z.unknown()).default({}) }),
    z.object({ jobId: z.string() }),
    'Start a job of a registered kind.',
  ),
  listJobs: method(z.object({}), z.array(JobInfo), 'Jobs of this session, newest first.'),
  getJob: method(z.object({ jobId: z.string() }), JobInfo, 'One job.'),
  getJobLog: method(z.object({ jobId: z.string() }), z.array(JobLogLine), "A job's latest log lines (the jobLog events, kept for late subscribers)."),
  cancelJob: method(z.object({ jobId: z.string() }), JobInfo, 'Cancel a running job; the project stays intact.'),

  listRuns: method(ProjectRef, z.array(RunInfo), 'SAE runs of a project (trained or imported).'),
  getRun: method(ProjectRef.extend({ runId: z.string() }), RunInfo, "One run's config.json."),
  getRunMetrics: method(ProjectRef.extend({ runId: z.string() }), z.object({ lines: z.array(z.record(z.string(), z.number())) }), "A run's logged training metrics (metrics.jsonl), oldest first."),
  getRunEval: method(ProjectRef.extend({ runId: z.string() }), RunEval.nullable(), "A run's held-out measurement (eval.json: core metrics on a dataset's validation split), null before it is evaluated."),
  getHeldOutScores: method(
    FeatureScope.pick({ projectDir: true, runId: true, datasetId: true }),
    HeldOutScores,
    "A run's one measurement per metric on a dataset's validation rows (core metrics, and board metrics on the held-out games split in two), read from eval.json / eval-board.json or computed and kept there; Compare, reports and the Runs list show it.",
  ),
  getBaselineScores: method(
    ProjectRef.extend({ datasetId: z.string(), width: z.number().int().positive().max(1 << 20) }),
    z.array(BaselineScores),
    "The demo's baselines on a board-labelled dataset's held-out rows, measured like runs: a random dictionary of `width` features and the residual basis (neurons).",
  ),
  trainSae: method(
    ProjectRef.extend({
      datasetId: z.string(),
      name: z.string().min(1).default('SAE'),
      /** one config per run (arch, archConfig, width, steps, …; see src/core/sae/train/config.ts); several train as one sweep */
      configs: z.array(z.record(z.string(), z.unknown())).min(1),
      /** continue a trained run from its trainer state up to configs[0].steps */
      resumeRunId: z.string().optional(),
      evaluate: z.boolean().default(true),
    }),
    z.object({ jobId: z.string() }),
    'Train SAEs on a dataset as a job (train-sae): one run per config, a sweep from one pass over the data.',
  ),
  evaluateRun: method(ProjectRef.extend({ runId: z.string(), datasetId: z.string().optional() }), RunEval, "Core metrics of a run on a dataset's validation split; writes eval.json."),
  importSae: method(ProjectRef.extend({ path: z.string().min(1), name: z.string().optional() }), RunInfo, 'Import a SAELens or sparsify SAE folder as a run.'),

  listConceptSets: method(ProjectRef, z.array(ConceptSetSummary), "The project's concept sets (concepts/<id>.json) and the built-in board sets it has not saved yet."),
  createConceptSet: method(
    ProjectRef.extend({
      name: z.string().min(1),
      source: z.discriminatedUnion('kind', [
        /** WordNet lexicographer files; with datasetId, only words that occur in its tokens */
        z.object({ kind: z.literal('wordnet'), categories: z.array(z.enum(LEXNAMES)).min(1), datasetId: z.string().optional() }),
        /** a CSV file with a word,category header */
        z.object({ kind: z.literal('csv'), path: z.string().min(1) }),
        /** word,category lines typed in the screen */
        z.object({ kind: z.literal('typed'), text: z.string().min(1) }),
      ]),
    }),
    ConceptSetSummary,
    'Save a text concept set in the project: from WordNet categories, a word,category CSV, or typed word,category lines.',
  ),
  startConcepts: method(
    ProjectRef.extend({
      runId: z.string(),
      /** by default the run's own dataset */
      datasetId: z.string().optional(),
      setId: z.string(),
      threshold: z.number().min(0).max(1).default(DEFAULT_CONCEPT_THRESHOLD),
      /** Ball Mapper's ε; by default the knee of the sorted nearest-neighbour cosine distances */
      epsilon: z.number().positive().max(2).optional(),
      maxRows: z.number().int().positive().max(65_536).default(CONCEPT_ROWS),
    }),
    z.object({ jobId: z.string() }),
    'Match a run\'s features to a concept set and lay them out (UMAP, Ball Mapper) as a concepts job; the result lands in runs/<id>/concepts/<set>.json.',
  ),
  getConcepts: method(ProjectRef.extend({ runId: z.string(), setId: z.string() }), ConceptResult.nullable(), 'The latest concepts result of a run and set (null when none was computed).'),
  getBoardScores: method(FeatureScope, BoardScores, "Coverage and board reconstruction of a run on its dataset's first rows (split by game); null without board labels."),
  previewReport: method(ReportRequest, ReportModel, 'The report the chosen runs and sections make, without writing it (the screen previews it with the same chart builders).'),
  exportReport: method(
    ReportRequest,
    ReportFiles,
    'Write the report as reports/<id>.pdf and reports/<id>.csv, plus reports/<id>-features.csv when it has feature cards (the same files the CLI writes), and list it in the project.',
  ),
  getReportFile: method(
    ProjectRef.extend({ reportId: z.string().min(1), file: z.enum(['pdf', 'csv', 'cardsCsv']) }),
    z.object({ name: z.string(), type: z.string(), base64: z.string() }),
    "A saved report's PDF or CSV, for opening or downloading it where the project folder is out of reach (the browser under serve).",
  ),
  congestionState: method(ProjectRef, CongestionState, "The congestion workspace of a project: imported layouts, the feature search's pool and curve, the preference model's metrics."),
  congestionImport: method(ProjectRef.extend({ path: z.string().min(1).optional(), sample: z.boolean().optional() }), z.object({ jobId: z.string() }), 'Import a folder of CircuitNet-style layout maps (manifest.csv + .npy), or with sample: true the shipped ISPD2015 sample, as a job (congestion-import).'),
  congestionSearch: method(ProjectRef.extend({ generations: z.number().int().min(0).max(200).default(10), seed: z.number().int().default(1), trees: z.number().int().min(1).max(1000).default(200) }), z.object({ jobId: z.string() }), 'Run the genetic layout-feature search as a job (congestion-search).'),
  congestionTrain: method(ProjectRef.extend({ steps: z.number().int().min(1).max(100_000).default(400), pooled: z.boolean().default(false) }), z.object({ jobId: z.string() }), 'Train the gated preference model and score it on held-out designs as a job (congestion-train).'),
  congestionRudy: method(ProjectRef.extend({ pinModel: z.enum(['box', 'center']).default('box') }), z.object({ jobId: z.string() }), "Compute RUDY from the N28 demo net lists and correlate it with CircuitNet's maps, as a job (congestion-rudy)."),
  congestionLayout: method(ProjectRef.extend({ layoutId: z.string(), feature: z.string().optional() }), LayoutView, "One layout's map layers, and a feature definition's value and overlay on it."),
  congestionDeck: method(ProjectRef.extend({ layoutId: z.string() }), CongestionDeck, "The design-suggestion deck of a layout; also writes it as reports/congestion-deck-<layout>.pdf and .csv and lists it among the project's reports."),
  congestionSavedDeck: method(ProjectRef.extend({ layoutId: z.string() }), CongestionDeck.nullable(), 'The deck last built for a layout (by the screen, the CLI or the demo), or null when none was; builds nothing.'),
  listArchitectures: method(
    z.object({}),
    z.object({
      /** JSON Schema (input side) of a training config */
      train: z.record(z.string(), z.unknown()),
      architectures: z.array(z.object({ name: z.string(), title: z.string(), description: z.string(), config: z.record(z.string(), z.unknown()) })),
    }),
    'The SAE architectures and the training config as JSON Schema, for building the new-run form.',
  ),
  listFeatures: method(
    FeatureScope,
    FeatureListing,
    "Every feature of a run on a dataset's first rows (frequency, activations, best board property, explanation and score) from the run's cache; without one, starts (or joins) the feature-stats job that computes it and names it.",
  ),
  getFeature: method(
    FeatureScope.extend({ feature: z.number().int().nonnegative(), examples: z.number().int().positive().max(64).default(8) }),
    FeatureDetail,
    "One feature's page: activation histogram, top examples with their boards or tokens, best board properties (P/R/F1), nearest features by decoder cosine, its explanation.",
  ),
  exportFeatures: method(
    FeatureScope.extend({
      /** only these features (default: every feature) */
      features: z.array(z.number().int().nonnegative()).optional(),
      topExamples: z.number().int().positive().max(200).default(20),
      /** quantile intervals of each feature's firing values, with examples from each */
      quantiles: z.number().int().positive().max(50).default(10),
    }),
    z.object({ dir: z.string(), files: z.array(z.string()), features: z.number(), explanations: z.number() }),
    "Write a Neuronpedia-style export of a run's features into exports/<run>-neuronpedia/: batch-0.json (SAEDashboard's dashboard batch: frequency, activation histogram, top and per-quantile examples with tokens) and explanations.json (Neuronpedia's explanation export shape).",
  ),
  checkRunDataset: method(
    z.object({ projectDir: z.string().min(1), runId: z.string().min(1), datasetId: z.string().min(1).optional() }),
    z.object({
      datasetId: z.string(),
      /** d_in: widths differ; hook: recorded hook names differ; normalisation: the SAE expects normalised inputs; fvu: FVU > 1 on the sample */
      warnings: z.array(z.object({ kind: z.enum(['d_in', 'hook', 'normalisation', 'fvu']), message: z.string() })),
      fvu: z.number().nullable(),
      sampleRows: z.number(),
      saeHook: z.string().nullable(),
      datasetHook: z.string().nullable(),
    }),
    'Does the SAE belong on this dataset? Widths, recorded hook names, normalisation, and FVU on a sample of rows; each problem as a warning.',
  ),
  matchRuns: method(
    z.object({ projectDir: z.string().min(1), runA: z.string().min(1), runB: z.string().min(1) }),
    FeatureMatchResult,
    "Match two runs' features by decoder direction: cosines, MMCS both ways, a one-to-one (Hungarian) assignment and the share of pairs above 0.5/0.7/0.9. The runs must read the same activations (d_in, and the model and hook where both record them).",
  ),
  importExplanations: method(
    ProjectRef.extend({
      runId: z.string(),
      /** CSV (header feature,text[,score][,method]) or JSON ([{feature, text, score?, method?}] or an explanations.json) */
      path: z.string().min(1),
      /** recorded for entries that name no method */
      method: z.string().min(1).optional(),
    }),
    z.object({ imported: z.number().int(), total: z.number().int() }),
    "Add explanations (text and score per feature) to a run's explanations.json; the whole file is checked before anything is written.",
  ),
  explainFeatures: method(
    ProjectRef.extend({
      runId: z.string(),
      datasetId: z.string().optional(),
      /** features by id; without them the `top` most frequent */
      features: z.array(z.number().int().nonnegative()).optional(),
      top: z.number().int().positive().max(4096).default(50),
      causal: z.boolean().default(true),
      /** also ask the configured local LLM endpoint for hypotheses */
      llm: z.boolean().default(false),
    }),
    z.object({ jobId: z.string() }),
    "Start an explain-features job: SAGE's experiment loop on a run's features, offline, scored against a baseline.",
  ),
  getFeatureExplanation: method(
    ProjectRef.extend({ runId: z.string(), feature: z.number().int().nonnegative() }),
    FeatureExplanationLog.nullable(),
    "A feature's explanation log (hypotheses with statuses, tests and their inputs, scores, causal test), or null when it was not explained here.",
  ),

  listCorpora: method(ProjectRef, z.array(CorpusMeta), 'Text corpora of a project (corpora/<id>/corpus.json).'),
  getCorpus: method(ProjectRef.extend({ corpusId: z.string() }), CorpusMeta, "One corpus's corpus.json."),
  inspectCorpusFile: method(
    z.object({ path: z.string().min(1) }),
    CorpusFileInfo,
    'The columns and first rows of a .csv, .jsonl or folder of .txt files (reads only those), for mapping columns before an import.',
  ),
  importCorpus: method(
    ProjectRef.extend({ path: z.string().min(1), name: z.string().min(1).optional() }).extend(ImportCorpusOptions.shape),
    z.object({ jobId: z.string() }),
    'Import a text corpus into corpora/<id>/ as a job (import-corpus); the named columns are checked against the header before it starts.',
  ),
  listRewardModels: method(ProjectRef, z.array(RewardModelInfo), 'Reward models of a project (train them with the train-reward-model job).'),
  getRewardModel: method(ProjectRef.extend({ modelId: z.string() }), RewardModelDetail, "A reward model's accuracies against its baselines, the head's largest weights, and the held-out pairs' rewards."),
  getRewardPair: method(
    ProjectRef.extend({ modelId: z.string(), pair: z.number().int().nonnegative() }),
    RewardPairView,
    'One preference pair with both rewards and the features that decided it (w_i·(φ_chosen − φ_rejected), summing to the margin).',
  ),
  rewardShift: method(
    ProjectRef.extend({
      modelId: z.string(),
      /** per feature id: ["+", v] adds v, ["*", v] multiplies by v, before the head */
      edits: z.record(z.string(), z.tuple([z.enum(['+', '*']), z.number()])),
      target: ShiftTarget,
    }),
    RewardShift,
    "Re-score every pair with features edited: mean change (signed and absolute) of chosen and rejected rewards on the target domain and its complement, the complement's share of the target's chosen move against the 0.2 bound, and the pairs that flip.",
  ),
  getRewardFeature: method(
    ProjectRef.extend({ modelId: z.string(), feature: z.number().int().nonnegative(), count: z.number().int().positive().max(50).default(8) }),
    RewardFeatureView,
    "One feature of a reward model's SAE: its head weight, how often it fires on chosen and rejected responses, and the responses where it fires most.",
  ),
  rewardCandidates: method(
    ProjectRef.extend({ modelId: z.string(), target: ShiftTarget, count: z.number().int().positive().max(100).default(10) }),
    z.array(RewardCandidate),
    'Features to edit for a shift on a target domain: positive weight, s (target) above |t| (complement), firing on a tenth of the target\'s chosen answers, ranked by the complement ratio a × v edit of each would give.',
  ),
  rewardDomains: method(
    ProjectRef.extend({ modelId: z.string() }),
    RewardDomainScan,
    "A preference shift on each of the studio's fixed topic domains (and the harmful requests): the first candidate picked on the training pairs, × 2, its complement ratio on the training, all and held-out pairs, and whether it holds the bound on the held-out pairs.",
  ),
  getCorpusRows: method(
    ProjectRef.extend({
      corpusId: z.string(),
      offset: z.number().int().nonnegative().default(0),
      limit: z.number().int().positive().max(200).default(20),
      split: SplitName.optional(),
      /** feature or family ids; default: the summary features (every family but the Gram2Vec vocabularies) */
      features: z.array(z.string()).optional(),
      /** include each value's evidence spans */
      evidence: z.boolean().default(true),
    }),
    z.object({ total: z.number().int(), offset: z.number().int(), rows: z.array(CorpusRowFeatures) }),
    "A page of a corpus's rows with their text features and the character spans behind each value.",
  ),
  listTextFeatures: method(
    z.object({}),
    z.object({ families: z.array(TextFamilyInfo), features: z.array(TextFeatureInfo), summary: z.array(z.string()) }),
    'The interpretable text features (src/core/text/features), by family; families the tagger cannot support are listed with why.',
  ),
  exportRewardReport: method(
    ProjectRef.extend({
      modelId: z.string(),
      /** a preference shift to include: its edits and target domain */
      shift: z.object({ edits: z.record(z.string(), z.tuple([z.enum(['+', '*']), z.number()])), target: ShiftTarget }).optional(),
    }),
    z.object({ reportId: z.string(), pdf: z.string(), csv: z.string() }),
    "Write the reward model's report section as reports/<id>.pdf and .csv (accuracies with intervals, weights, a pair's attribution, an optional shift) and list it.",
  ),
  listReviewModels: method(
    ProjectRef,
    z.array(z.object({ id: z.string(), name: z.string(), createdAt: z.string(), corpusId: z.string(), target: z.string(), kept: z.number().int(), spearman: z.number().nullable() })),
    'Review-quality models of a project (make them with the discover-reviews job).',
  ),
  getReviewModel: method(ProjectRef.extend({ modelId: z.string() }), ReviewModelInfo, "A review-quality discovery: kept features, hypothesis history, the test-split table against baselines, and each test review's prediction."),
  getReviewView: method(
    ProjectRef.extend({ modelId: z.string(), rowId: z.string() }),
    ReviewView,
    "One review under a discovered model: its predicted score, each kept feature's value, contribution and evidence spans.",
  ),
  exportReviewsReport: method(
    ProjectRef.extend({ modelId: z.string() }),
    z.object({ reportId: z.string(), pdf: z.string(), csv: z.string() }),
    "Write the review-quality report section as reports/<id>.pdf and .csv (the table against baselines, kept features, hypothesis history, one review's evidence) and list it.",
  ),
  listAuthorshipModels: method(ProjectRef, z.array(AuthorshipModelInfo), 'Authorship verifiers of a project (train them with the train-authorship job).'),
  getAuthorshipModel: method(
    ProjectRef.extend({ modelId: z.string() }),
    AuthorshipModelDetail,
    "An authorship verifier's table (interpretable, residualized, neural-only on the same test pairs), its faithfulness figures, the Federalist case study if run, and every test pair's scores.",
  ),
  getAuthorshipPair: method(
    ProjectRef.extend({
      modelId: z.string(),
      /** a test pair by its index among the test pairs */
      pair: z.number().int().nonnegative().optional(),
      /** or any two of the model's texts by id */
      texts: z.tuple([z.string().min(1), z.string().min(1)]).optional(),
    }),
    AuthorshipPairView,
    'One pair (a test pair, or two texts by id) explained: both texts, s_I with its largest feature contributions and their evidence in each text, r̂, the decisions, IC and the interpretable share.',
  ),
  exportAuthorshipReport: method(
    ProjectRef.extend({ modelId: z.string() }),
    z.object({ reportId: z.string(), pdf: z.string(), csv: z.string() }),
    "Write the authorship verifier's report section as reports/<id>.pdf and .csv (the table, faithfulness, a pair's contributions, the Federalist case study) and list it.",
  ),
} as const;

export type StudioMethods = typeof studioMethods;
export type MethodName = keyof StudioMethods;
export type MethodArgs<M extends MethodName> = z.input<StudioMethods[M]['args']>;
export type MethodResult<M extends MethodName> = z.output<StudioMethods[M]['result']>;
