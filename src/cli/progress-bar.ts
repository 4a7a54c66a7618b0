import type { JobProgress } from '../shared/schemas/job';

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

function formatRate(rate: number): string {
  if (rate >= 1e6) return `${(rate / 1e6).toFixed(1)}M`;
  if (rate >= 1e3) return `${(rate / 1e3).toFixed(1)}k`;
  return rate.toFixed(rate >= 10 ? 0 : 1);
}

/** One line: `title [#####-----]  45%  2250/5000 rows  1.2k rows/s  ETA 0:02`. */
export function renderProgress(title: string, p: JobProgress, width = 24): string {
  const fraction = p.total > 0 ? Math.min(1, p.step / p.total) : 0;
  const filled = Math.round(fraction * width);
  const parts = [
    `${title} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`,
    `${(fraction * 100).toFixed(0).padStart(3)}%`,
    `${Math.floor(p.step)}/${p.total} ${p.unit}`,
  ];
  if (p.rate !== null) parts.push(`${formatRate(p.rate)} ${p.unit}/s`);
  if (p.etaSeconds !== null) parts.push(`ETA ${formatDuration(p.etaSeconds)}`);
  return parts.join('  ');
}

/**
 * Draws job progress on stderr: rewritten in place on a terminal, one line per tenth of the
 * work otherwise (logs and CI keep a readable record).
 */
export class ProgressBar {
  private lastTenth = -1;

  constructor(
    private readonly title: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(p: JobProgress): void {
    const line = renderProgress(this.title, p);
    if (this.stream.isTTY) {
      this.stream.write(`\r${line}\x1b[K`);
      return;
    }
    const tenth = p.total > 0 ? Math.floor((10 * p.step) / p.total) : 0;
    if (tenth === this.lastTenth) return;
    this.lastTenth = tenth;
    this.stream.write(`${line}\n`);
  }

  end(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}
