/** The text model's resumable training: the transcript models' pieces, on windows of the document stream. */
import { trainPiece, type Checkpoint, type PieceOptions } from '../../games/lm/checkpoint';
import type { Recipe } from '../../games/lm/recipe';
import { textTrainingBatch } from './text-model';

export function trainTextPiece(dir: string, recipe: Recipe, stream: Uint8Array, opts: PieceOptions): Promise<Checkpoint> {
  return trainPiece(dir, recipe, (r) => (step) => textTrainingBatch(stream, r.model.gpt.context, r.model.seed, step, r.training.batch), opts);
}
