import { z } from 'zod';

/** The run folder's explanations file (runs/<id>/explanations.json). */
export const EXPLANATIONS_FILE = 'explanations.json';

/**
 * One feature's explanation as an explainer writes it: the text and, when the explainer scored
 * it, the score (e.g. detection balanced accuracy or simulation Pearson r, ALGORITHMS-DETAIL §6),
 * and the method that produced it. A missing score stays null: the studio never makes one up.
 */
export const Explanation = z.object({
  feature: z.number().int().nonnegative(),
  text: z.string().min(1),
  score: z.number().finite().nullable(),
  /** how it was made, e.g. "sage", "delphi-detection", "manual", "imported" */
  method: z.string().min(1),
  /**
   * every score the studio's explainer measured (issue 19, ALGORITHMS-DETAIL §6): generative,
   * predictive, detection, fuzzing (and their AUCs, the baseline's); absent for imported ones
   */
  scores: z.record(z.string(), z.number().finite()).optional(),
});
export type Explanation = z.infer<typeof Explanation>;

/** explanations.json: at most one explanation per feature, by feature id. */
export const ExplanationsFile = z
  .object({
    version: z.literal(1),
    explanations: z.array(Explanation),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<number>();
    file.explanations.forEach((e, i) => {
      if (seen.has(e.feature)) ctx.addIssue({ code: 'custom', message: `feature ${e.feature} is explained twice`, path: ['explanations', i, 'feature'] });
      seen.add(e.feature);
    });
  });
export type ExplanationsFile = z.infer<typeof ExplanationsFile>;
