import { Project } from '../project/project';
import { listRecent, rememberRecent } from '../project/recent';
import type { StudioContext } from './context';
import type { HandlerGroup } from './handlers';
import { openedProject, resolveClientPath } from './resolve';

type ProjectMethods = 'listRecentProjects' | 'createProject' | 'openProject' | 'getProject' | 'closeProject';

export function projectHandlers(ctx: StudioContext): HandlerGroup<ProjectMethods> {
  // Opens in flight, so two simultaneous requests share one Project (and its lock) instead
  // of the second one finding the lock taken and replacing it with a read-only copy.
  const opening = new Map<string, Promise<Project>>();
  const remember = async (project: Project) => {
    ctx.projects.set(project.dir, project);
    await rememberRecent(ctx.home, { dir: project.dir, name: project.manifest.name, openedAt: new Date().toISOString() });
    return project.summary();
  };
  return {
    async listRecentProjects() {
      const recent = await listRecent(ctx.home);
      const policy = ctx.policy;
      if (!policy) return recent;
      // Under `serve`, list only what a client may open: no paths outside the allowed roots.
      const allowed = await Promise.all(recent.map((r) => policy.confine(r.dir, 'dir').then(() => true, () => false)));
      return recent.filter((_, i) => allowed[i]);
    },
    async createProject({ dir, name }) {
      return remember(await Project.create(await resolveClientPath(ctx, dir, 'dir'), name));
    },
    async openProject({ dir }) {
      const real = await resolveClientPath(ctx, dir, 'dir');
      const already = ctx.projects.get(real);
      if (already) return remember(already);
      if (!opening.has(real)) opening.set(real, Project.open(real).finally(() => opening.delete(real)));
      return remember(await opening.get(real)!);
    },
    async getProject({ projectDir }) {
      return (await openedProject(ctx, projectDir)).summary();
    },
    async closeProject({ projectDir }) {
      const project = await openedProject(ctx, projectDir);
      const running = ctx.jobs.list().filter((j) => j.projectDir === project.dir && j.state === 'running');
      await Promise.all(running.map((j) => ctx.jobs.cancel(j.id)));
      ctx.projects.delete(project.dir);
      await project.close();
      return { closed: true };
    },
  };
}
