import { z } from 'zod';

/** The report sections the reports module draws (src/core/reports/sections.ts), in a chosen order. */
export const ReportSection = z.enum(['summary', 'pareto', 'coverage', 'runTable']);

export const ReportRequest = z.object({
  projectDir: z.string().min(1),
  runIds: z.array(z.string().min(1)).min(1),
  sections: z.array(ReportSection).min(1),
  title: z.string().min(1).default('SAE comparison'),
});

/** A report as the reports module models it; a metric a run lacks arrives as null. */
export const ReportModel = z.object({
  title: z.string(),
  createdAt: z.string(),
  summary: z.array(z.object({ label: z.string(), value: z.string() })),
  family: z.string(),
  records: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
  sections: z.array(ReportSection),
});
export type ReportModel = z.infer<typeof ReportModel>;
