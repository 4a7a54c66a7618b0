/**
 * Turns a text-model checkpoint into a model folder (model.safetensors + config.json, the
 * layout of the shipped transcript models) with its held-out bits per byte and, optionally,
 * the two anchors on the same held-out text.
 */
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { writeJsonAtomic } from '../../io/atomic';
import { machineInfo } from '../../games/lm/recipe';
import { MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE, type ShippedModelConfig } from '../../games/lm/shipped';
import { measureAnchors } from './anchors';
import type { Checkpoint } from '../../games/lm/checkpoint';
import { textBitsPerByte } from './text-model';
import type { TextDoc } from './english-sources';

export interface FinishOptions {
  threads: number;
  /** measure the n-gram and xz anchors too (seconds to a minute on 20 MB) */
  anchors?: boolean;
  log?: (line: string) => void;
  signal?: AbortSignal;
  /** what the model was trained on, for the config */
  data?: string;
  /** the project corpus it trained on (a continuation reads it again) */
  corpusId?: string;
}

export async function finishTextModel(dir: string, cp: Checkpoint, train: readonly TextDoc[], heldOut: readonly TextDoc[], opts: FinishOptions): Promise<ShippedModelConfig> {
  const texts = heldOut.map((d) => d.text);
  const log = opts.log ?? (() => {});
  const scored = await textBitsPerByte(cp.model, texts, { threads: opts.threads, signal: opts.signal });
  log(`held-out: ${scored.bitsPerByte.toFixed(4)} bits/byte over ${scored.bytes} bytes`);
  const bySource: Record<string, number> = {};
  for (const source of new Set(heldOut.map((d) => d.source))) {
    bySource[source] = Number((await textBitsPerByte(cp.model, heldOut.filter((d) => d.source === source).map((d) => d.text), { threads: opts.threads })).bitsPerByte.toFixed(4));
  }
  const anchors = opts.anchors === false ? undefined : measureAnchors(train.map((d) => d.text), texts);
  if (anchors) log(`anchors: order-${anchors.ngramOrder} Kneser–Ney ${anchors.ngram.toFixed(4)}, xz -9 ${anchors.xz.toFixed(4)} bits/byte`);
  const { state } = cp;
  const info: ShippedModelConfig = {
    model: state.recipe.model,
    training: { ...state.recipe.training, stepsDone: state.step },
    metrics: {
      heldOutBitsPerByte: Number(scored.bitsPerByte.toFixed(4)),
      heldOutBytes: scored.bytes,
      heldOutDocuments: heldOut.length,
      heldOutBitsPerByteBySource: bySource,
      ...(anchors ? { anchors: { ngram: Number(anchors.ngram.toFixed(4)), xz: Number(anchors.xz.toFixed(4)), ngramOrder: anchors.ngramOrder, ngramSmoothing: 'interpolated Kneser–Ney' } } : {}),
      data: opts.data ?? 'reviews, preferences (HH-RLHF harmless-base), Federalist papers, Reuters C50 from ../shared/data; 5% of each held out by id hash, topped up to 5% by the lowest hashes (the 85 Federalist papers: 4)',
      ...(opts.corpusId ? { corpusId: opts.corpusId } : {}),
      trainingBytes: train.reduce((s, d) => s + Buffer.byteLength(d.text), 0),
      bytesSeen: state.step * state.recipe.training.batch * state.recipe.model.gpt.context,
      lossCurve: state.lossCurve.map((p) => ({ step: p.step, bitsPerByte: Number((p.loss / Math.LN2).toFixed(4)) })),
      heldOutCurve: state.evalCurve.map((p) => ({ step: p.step, bitsPerByte: Number(p.value.toFixed(4)) })),
      parameters: cp.model.parameterCount(),
    },
    trainingSeconds: Number(state.seconds.toFixed(1)),
    machine: { ...machineInfo(opts.threads), loadAverageDuringTraining: state.load },
    createdAt: new Date().toISOString(),
  };
  await fs.mkdir(dir, { recursive: true });
  await cp.model.save(path.join(dir, MODEL_WEIGHTS_FILE), { format: 'pt' });
  await writeJsonAtomic(path.join(dir, MODEL_CONFIG_FILE), info);
  return info;
}
