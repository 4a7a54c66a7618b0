import { expect, type Page } from '@playwright/test';

export class HomePage {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('home');
  readonly recent = () => this.page.getByTestId('recent-projects');

  /** Fills the create form and submits it with Enter, as a keyboard user would. */
  async createProject(dir: string, name: string) {
    const form = this.page.getByTestId('create-project');
    await form.getByLabel('Folder').fill(dir);
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('Name', { exact: true }).press('Enter');
    await expect(this.page.getByTestId('project-name')).toHaveText(name);
  }

  async openProject(dir: string) {
    const form = this.page.getByTestId('open-project');
    await form.getByLabel('Project folder').fill(dir);
    await form.getByLabel('Project folder').press('Enter');
  }
}
