import { z } from 'zod';
import { ARCHITECTURES } from '../sae/arch/registry';
import type { ArchEntry } from '../sae/arch/types';
import { TrainConfig } from '../sae/train/config';
import type { HandlerGroup } from './handlers';

/**
 * The architecture registry and the training config as JSON Schema (zod's own export, input
 * side: defaults and bounds included), so a front door can build the new-run form from the
 * very schemas `train-sae` validates with.
 */
export function architectureHandlers(): HandlerGroup<'listArchitectures'> {
  const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    async listArchitectures() {
      return {
        train: jsonSchema(TrainConfig),
        architectures: Object.values(ARCHITECTURES).map((entry: ArchEntry<unknown>) => ({
          name: entry.name,
          title: entry.title,
          description: entry.description,
          config: jsonSchema(entry.schema as z.ZodType),
        })),
      };
    },
  };
}
