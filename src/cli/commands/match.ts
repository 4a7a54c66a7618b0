import path from 'node:path';
import { StudioError } from '../../shared/errors';
import { matchCsv } from '../../shared/featureMatch';
import { formatNumber, formatPercent } from '../../shared/format';
import type { FeatureMatchResult } from '../../shared/schemas/match';
import { writeFileAtomic } from '../../core/io/atomic';
import { str, type CliCommand } from '../command';
import { inProject, projectOption } from '../project';

export const matchCommand: CliCommand = {
  summary: "Match two runs' features by decoder cosine (MMCS both ways, Hungarian assignment)",
  usage: 'feature-studio match --project DIR --runs A,B [--csv FILE] [--json]',
  options: { project: { type: 'string', short: 'p' }, runs: { type: 'string' }, csv: { type: 'string' } },
  async run({ values, json }) {
    const projectDir = projectOption(values);
    const ids = (str(values.runs) ?? '').split(',').map((s) => s.trim());
    if (ids.length !== 2 || ids.some((s) => !s)) throw new StudioError('bad-input', `--runs takes two run ids separated by a comma, got ${JSON.stringify(str(values.runs) ?? '')}`, '--runs');
    const csv = str(values.csv);
    return inProject(projectDir, async (studio, project) => {
      const result = await studio.matchRuns({ projectDir: project.dir, runA: ids[0], runB: ids[1] });
      if (csv) await writeFileAtomic(path.resolve(csv), matchCsv(result));
      // --json prints the figures; the table of pairs is what --csv is for
      const { rows, ...figures } = result;
      return { result: json ? { ...figures, pairs: rows.filter((r) => r.cosine !== null).length } : result, text: describeMatch(result) + (csv ? `\nwrote ${rows.length} rows to ${csv}` : '') };
    });
  },
};

export function describeMatch(r: FeatureMatchResult): string {
  const lines = [
    `${r.runA.name} (${r.runA.arch}, ${r.runA.features} features) against ${r.runB.name} (${r.runB.arch}, ${r.runB.features}), d_in ${r.dIn}${r.hook ? `, ${r.hook}` : ''}`,
    `MMCS ${r.runA.name} → ${r.runB.name}: ${formatNumber(r.mmcsAB)}; ${r.runB.name} → ${r.runA.name}: ${formatNumber(r.mmcsBA)}`,
  ];
  if (r.assignedMean !== null) lines.push(`assigned pairs (Hungarian): mean cosine ${formatNumber(r.assignedMean)}`);
  for (const t of r.matchedAbove) if (r.assigned) lines.push(`  cosine ≥ ${t.threshold}: ${t.pairs} pairs (${formatPercent(t.shareA)} of ${r.runA.name}, ${formatPercent(t.shareB)} of ${r.runB.name})`);
  if (r.note) lines.push(r.note);
  lines.push(`${r.seconds.toFixed(2)} s`);
  return lines.join('\n');
}
