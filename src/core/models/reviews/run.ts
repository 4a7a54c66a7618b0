import type { ReviewModelInfo } from '../../../shared/schemas/reviews';
import { discover, type DiscoverConfig, type DiscoverHooks } from './discover';
import type { Embedder } from './embedding';
import { evaluateModels } from './evaluate';
import type { LlmSettings } from '../../llm';
import { promptCandidates } from './prompt';
import { readMemory, remember, retrieve, type MemoryEntry } from './memory';
import { describeTarget, readReviewItems, type TargetSpec } from './target';

export interface DiscoveryRequest {
  projectDir: string;
  corpusId: string;
  target: TargetSpec;
  /** the analyst's scene description (memory retrieval reads it) */
  scene: string;
  task: string;
  id: string;
  name: string;
  config: DiscoverConfig;
  /** memory files read for priors (the project's, and the studio-wide one when switched on) */
  memoryFiles: readonly string[];
  embed: Embedder | null;
  maxRows?: number;
  studioMemory?: boolean;
  /** PROMPT features, only when the analyst switched them on and an endpoint is configured */
  prompt?: { settings: LlmSettings; criteria: readonly string[]; /** the project whose cache holds the scores */ cacheDir: string };
}

/** The features worth remembering: the kept set, best single ρ first. */
export function memoryEntry(info: ReviewModelInfo): MemoryEntry {
  return {
    task: info.task,
    scene: info.scene,
    features: [...info.kept].sort((a, b) => Math.abs(b.rhoValid ?? 0) - Math.abs(a.rhoValid ?? 0)).map((k) => ({ definition: { name: k.name, description: k.description, value: k.definition }, rho: k.rhoValid })),
    createdAt: info.createdAt,
  };
}

export async function rememberDiscovery(files: readonly string[], info: ReviewModelInfo): Promise<void> {
  for (const f of files) await remember(f, memoryEntry(info));
}

/** Corpus → quality target → memory priors → discovery → the table against baselines, as one stored record. */
export async function runDiscovery(req: DiscoveryRequest, hooks: Omit<DiscoverHooks, 'memory'> = {}): Promise<ReviewModelInfo> {
  const started = performance.now();
  const log = hooks.log ?? (() => {});
  const { items, skipped } = await readReviewItems(req.projectDir, req.corpusId, req.target, { maxRows: req.maxRows, signal: hooks.signal });
  log(`target ${describeTarget(req.target)}: ${items.length} reviews (${skipped} without one)`);
  const entries = (await Promise.all(req.memoryFiles.map(readMemory))).flat();
  const retrieved = retrieve(entries, req.scene, req.task);
  if (entries.length && !retrieved.length) log(`memory: ${entries.length} tasks stored, none with a similar scene`);
  const prompt = req.prompt
    ? await promptCandidates(req.prompt.settings, req.prompt.cacheDir, req.prompt.criteria, items.map((i) => i.text), { log, signal: hooks.signal, progress: (done, total) => hooks.progress?.((0.1 * done) / total, 'PROMPT scores') })
    : undefined;
  const d = await discover(items, req.config, { ...hooks, memory: retrieved, prompt });
  hooks.progress?.(0.85, 'baselines');
  const ev = await evaluateModels(d, items.map((i) => i.group), req.embed, { seed: req.config.seed, signal: hooks.signal, log });
  hooks.progress?.(1, 'done');
  return {
    kind: 'reviews',
    id: req.id,
    name: req.name,
    createdAt: new Date().toISOString(),
    corpusId: req.corpusId,
    target: describeTarget(req.target),
    task: req.task,
    scene: req.scene,
    config: req.config,
    counts: { train: d.rows.train.length, valid: d.rows.valid.length, test: d.rows.test.length, skipped },
    kept: d.kept,
    intercept: d.intercept,
    hypotheses: d.hypotheses,
    rounds: d.rounds,
    models: ev.models as ReviewModelInfo['models'],
    spearmanSelectionSplit: Number.isFinite(ev.spearmanSelectionSplit) ? ev.spearmanSelectionSplit : null,
    studioMemory: req.studioMemory ?? false,
    memory: retrieved.map((r) => ({ task: r.entry.task, similarity: r.similarity, features: r.features.map((f) => f.def.name) })),
    test: d.rows.test.map((r, i) => ({ id: items[r].id, group: items[r].group, target: items[r].target, predicted: d.testPred[i] })),
    notes: ev.notes,
    seconds: (performance.now() - started) / 1000,
  };
}
