import path from 'node:path';
import { expect, test } from './fixtures';
import { HomePage } from './pages/HomePage';
import { JobsPanel } from './pages/JobsPanel';
import { cancelledStep, RunsPage } from './pages/RunsPage';
import { saveScreenshot } from './screenshots';

// Synthetic activations with known sparse features (the toy-dataset job): small enough that a
// tiny SAE trains in seconds on two cores.
const TOY = { rows: 4000, dims: 16, features: 32 };
const TINY = { width: 32, steps: 300, batchSize: 64, k: 4, logEvery: 10 };

async function projectWithToyData(page: import('@playwright/test').Page, root: string, name: string) {
  await new HomePage(page).createProject(path.join(root, `${name}.fstudio`), name);
  const jobs = new JobsPanel(page);
  await jobs.run('toy-dataset', TOY);
  await expect(jobs.job('toy-dataset').state()).toHaveText('done');
  await page.getByTestId('jobs-toggle').click();
}

test('train a tiny SAE: inline errors, estimate, live curves and progress to done, then continue it', async ({ page, studio }) => {
  await projectWithToyData(page, studio.root, 'Train');
  const runs = new RunsPage(page);
  await runs.open();
  await runs.form().getByRole('button', { name: 'TopK k=32 ×8 width', exact: true }).click();
  await expect(runs.field('width')).toHaveValue(String(8 * TOY.dims));

  // a bad value is named beside its field and blocks the launch
  await runs.fill({ width: 0 });
  await expect(runs.fieldErrors()).toHaveText('width: must be > 0, got 0');
  await expect(runs.form().getByRole('button', { name: /^Train/ })).toBeDisabled();
  await runs.fill(TINY);
  await expect(runs.fieldErrors()).toHaveCount(0);
  await expect(runs.estimate()).toContainText(/1 run · about .+ on a CPU · .+ memory/);

  await runs.train();
  const live = runs.live();
  await expect(live.provider()).toHaveText(/^on (CPU|CUDA)/);
  // the curves receive points while the job reports progress, and the bar reaches the end
  await expect.poll(() => live.points('l0')).toBeGreaterThanOrEqual(2);
  await expect(live.state()).toHaveText('done');
  expect(await live.progressValue()).toBe(100);
  await expect.poll(() => live.points('fidelity')).toBeGreaterThanOrEqual(2);
  await expect(runs.runRow('topk').getByTestId('run-steps')).toHaveText('300');
  await saveScreenshot(page, 'training');

  // continue the finished run from its trainer state by 100 more steps
  await runs.runRow('topk').getByRole('textbox').fill('100');
  await runs.runRow('topk').getByRole('button', { name: 'Continue' }).click();
  await expect(runs.runRow('topk').getByTestId('run-steps')).toHaveText('400');
  await expect(runs.list().getByRole('row')).toHaveCount(2); // header + the one run, extended in place
});

test('cancel a long training run: it is marked cancelled with its steps, continues towards its plan, and finishes', async ({ page, studio }) => {
  await projectWithToyData(page, studio.root, 'Cancel');
  const runs = new RunsPage(page);
  await runs.open();
  // bounded but long (minutes here): it is still running when cancelled
  await runs.fill({ width: 256, steps: 20000, batchSize: 512, k: 8, logEvery: 5 });
  await runs.train();
  const live = runs.live();
  await expect.poll(() => live.progressValue()).toBeGreaterThan(0);
  await expect(live.detail()).toContainText('ETA');
  await expect(live.provider()).toHaveText('on CPU');
  await live.cancel();
  await expect(live.state()).toHaveText('cancelled');
  // the live card says where the run stopped, short of the 20,000 planned
  await expect(live.cancelledBadge()).toHaveText(/^cancelled at step [\d,]+ \/ 20,000$/);
  await page.reload();
  await runs.open();
  // the cancelled run is listed with the steps it saved and the same badge
  const row = runs.runRow('topk');
  await expect(row).toHaveCount(1);
  const saved = Number((await row.getByTestId('run-steps').textContent())!.replace(/\D/g, ''));
  expect(saved).toBeGreaterThan(0);
  expect(saved).toBeLessThan(20000);
  await expect(row.getByTestId('cancelled-badge')).toHaveText(`cancelled at step ${saved.toLocaleString('en-US')} / 20,000`);

  // "Continue to 20,000 steps" resumes from the saved step; cancelled again, it is further on
  await row.getByRole('button', { name: 'Continue to 20,000 steps' }).click();
  const resumed = runs.live();
  await expect(resumed.state()).toHaveText('running');
  await expect.poll(() => resumed.progressValue()).toBeGreaterThan(Math.floor((100 * saved) / 20000));
  await resumed.cancel();
  await expect(resumed.state()).toHaveText('cancelled');
  await expect(resumed.cancelledBadge()).toHaveText(/ \/ 20,000$/);
  const further = await cancelledStep(resumed.cancelledBadge());
  expect(further).toBeGreaterThan(saved);
  await expect(row.getByTestId('run-steps')).toHaveText(further.toLocaleString('en-US'));

  // continue it by 20 more steps instead: it reaches its new plan, done, and the badge goes
  await row.getByRole('textbox').fill('20');
  await row.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(row.getByTestId('run-steps')).toHaveText((further + 20).toLocaleString('en-US'));
  await expect(row.getByTestId('cancelled-badge')).toHaveCount(0);
  await expect(runs.list().getByRole('row')).toHaveCount(2);
});
