import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './fixtures';
import { saveScreenshot } from './screenshots';
import { CorporaPage, CorpusPage } from './pages/CorporaPage';
import { HomePage } from './pages/HomePage';
import { JobsPanel } from './pages/JobsPanel';

// Amazon Fine Food Reviews, first rows (SNAP / Kaggle, CC0): ../shared/data/reviews/SOURCES.md.
// The header and the first 40 records (none spans two lines) are copied into the server's root.
const REVIEWS = path.resolve(import.meta.dirname, '../../shared/data/reviews/amazon_fine_food_reviews_first5k.csv');

test('import the reviews CSV as a corpus, then read a review with the evidence of its features highlighted', async ({ page, studio }) => {
  const csv = path.join(studio.root, 'reviews.csv');
  await writeFile(csv, (await readFile(REVIEWS, 'utf8')).split('\n').slice(0, 41).join('\n') + '\n');

  const home = new HomePage(page);
  await home.createProject(path.join(studio.root, 'text.fstudio'), 'Review study');
  const corpora = new CorporaPage(page);
  await corpora.open();
  await expect(corpora.empty()).toContainText('No corpora yet');

  await corpora.inspect(csv);
  // the mapping comes from the header: Text and Id are guessed, the group is chosen
  await expect(corpora.columns()).toContainText('10 columns: Id, ProductId, UserId');
  await expect(corpora.form().getByLabel('Text column')).toHaveValue('Text');
  await expect(corpora.form().getByLabel('Id column')).toHaveValue('Id');
  await expect(corpora.form().getByTestId('corpus-preview')).toContainText('I have bought several of the Vitality canned dog food');
  await saveScreenshot(page, 'corpus-import');
  await corpora.importInspected({ group: 'ProductId', name: 'Fine Food reviews' });

  const jobs = new JobsPanel(page);
  await jobs.open();
  const job = jobs.job('import-corpus');
  await expect(job.state()).toHaveText('done');
  await page.keyboard.press('Escape');

  await expect(corpora.list().getByRole('row', { name: /Fine Food reviews/ })).toContainText('40');
  await saveScreenshot(page, 'corpora');
  await corpora.openCorpus('Fine Food reviews');

  const corpus = new CorpusPage(page);
  await expect(corpus.summary()).toContainText('40 rows');
  await expect(corpus.summary()).toContainText('split by ProductId');
  await expect(corpus.range()).toHaveText('1–20 of 40');
  await expect(corpus.text()).toContainText('I have bought several of the Vitality canned dog food');
  // "I have bought": a first-person subject and its verb, marked in the text
  await corpus.selectFeature('experience.reports');
  await expect(corpus.evidence().first()).toHaveText('I have bought');
  // the comparatives are the two "better"s
  await corpus.selectFeature('degree.comparatives');
  await expect(corpus.evidence()).toHaveText(['better', 'better']);
  await expect(corpus.caption()).toContainText('2 spans');
  // the table's columns say what their numbers are
  await expect(corpus.values().locator('thead th')).toHaveText(['feature', 'value', 'evidence spans']);
  await expect(corpus.unavailable()).toContainText('Dependency labels');
  await saveScreenshot(page, 'corpus');

  // the keyboard moves to the next review; the chosen feature stays
  await corpus.rows().focus();
  await page.keyboard.press('ArrowDown');
  await expect(corpus.text()).toContainText('Product arrived labeled as Jumbo Salted Peanuts');
  await expect(corpus.caption()).toContainText('degree.comparatives');

  // a Gram2Vec family shows one value per tag
  await corpus.showFamily('pos');
  await expect(corpus.values().locator('[data-feature="pos.NOUN"]')).toBeVisible();

  // the Overview counts the corpus and links to it
  await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByTestId('count-corpora').getByTestId('count')).toHaveText('1');
  await expect(page.getByTestId('corpora-hint')).toContainText('Import a corpus');
});

test('a corpus with an empty text fails its import by row, and nothing is listed', async ({ page, studio }) => {
  const csv = path.join(studio.root, 'broken.csv');
  await writeFile(csv, 'id,body,part\n1,Fine text.,train\n2,"  ",test\n');
  await new HomePage(page).createProject(path.join(studio.root, 'broken.fstudio'), 'Broken');
  const corpora = new CorporaPage(page);
  await corpora.open();
  await corpora.inspect(csv);
  await expect(corpora.form().getByLabel('Text column')).toHaveValue('body');
  await corpora.form().getByLabel(/Split column/).selectOption('part');
  await corpora.importInspected({});
  const jobs = new JobsPanel(page);
  await jobs.open();
  const job = jobs.job('import-corpus');
  await expect(job.state()).toHaveText('error');
  await expect(job.root.getByTestId('job-error')).toContainText('row 3: the text is empty');
  await page.keyboard.press('Escape');
  await expect(corpora.empty()).toContainText('No corpora yet');
});
