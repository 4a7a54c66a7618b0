/**
 * Neuronpedia's explanation shapes (neuronpedia.org, hijohnnylin/neuronpedia): the explanation
 * export (`/api/explanation/export`) is an array of {modelId, layer, index, description,
 * explanationModelName, typeName, …} with `index` a decimal string; a feature's own JSON is
 * {modelId, layer, index, explanations: [{description, …}], …}. Both become the studio's
 * {feature, text, method} entries; the first explanation of a feature is kept.
 */

export interface NeuronpediaEntry {
  where: string;
  fields: Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when the parsed JSON is in one of Neuronpedia's shapes rather than the studio's. */
export function isNeuronpedia(raw: unknown): boolean {
  const first = Array.isArray(raw) ? raw[0] : raw;
  return isRecord(first) && 'index' in first && !('feature' in first) && ('description' in first || Array.isArray(first.explanations));
}

/** Neuronpedia's index as an integer; a decimal string is its usual form. Anything else is left for the caller to refuse. */
function indexOf(v: unknown): unknown {
  return typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v.trim()) : v;
}

/** The entries to import, in the studio's field names, each with where it was in the file. */
export function neuronpediaEntries(raw: unknown): NeuronpediaEntry[] {
  const list = Array.isArray(raw) ? raw : [raw];
  const seen = new Set<unknown>();
  const out: NeuronpediaEntry[] = [];
  list.forEach((entry, i) => {
    const where = `entry ${i}`;
    if (!isRecord(entry)) {
      out.push({ where, fields: {} });
      return;
    }
    const feature = indexOf(entry.index);
    const explanation = typeof entry.description === 'string' ? entry : Array.isArray(entry.explanations) ? (entry.explanations.find(isRecord) as Record<string, unknown> | undefined) : undefined;
    if (feature !== undefined && seen.has(feature)) return;
    seen.add(feature);
    const model = explanation?.explanationModelName ?? explanation?.typeName;
    out.push({
      where,
      fields: {
        feature,
        text: explanation?.description,
        method: typeof model === 'string' && model ? `neuronpedia:${model}` : 'neuronpedia',
      },
    });
  });
  return out;
}
