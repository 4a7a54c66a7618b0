import { z } from 'zod';
import { method } from './define';
import { JobLogLine } from './event-table';
import { DatasetMeta } from '../schemas/dataset';
import { JobInfo, JobKindInfo } from '../schemas/job';
import { ProjectSummary, RecentProject } from '../schemas/project';
import { BaselineScores, HeldOutScores, RunEval, RunInfo } from '../schemas/run';
import { BoardScores, FeatureDetail, FeatureListing, FeatureScope } from '../schemas/features';
import { ReportFiles, ReportModel, ReportRequest } from '../schemas/report';

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
      format: z.enum(['npy', 'safetensors', 'csv']),
      tensors: z.array(
        z.object({
          name: z.string(),
          shape: z.array(z.number()),
          dtype: z.string(),
          importable: z.boolean(),
          /** why a tensor cannot be imported */
          reason: z.string().optional(),
        }),
      ),
      /** CSV only: non-numeric columns that an import skips */
      skippedColumns: z.array(z.string()).optional(),
    }),
    'Read a file header (no data) to list the tensors it holds.',
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
} as const;

export type StudioMethods = typeof studioMethods;
export type MethodName = keyof StudioMethods;
export type MethodArgs<M extends MethodName> = z.input<StudioMethods[M]['args']>;
export type MethodResult<M extends MethodName> = z.output<StudioMethods[M]['result']>;
