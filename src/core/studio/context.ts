import type { Project } from '../project/project';
import type { JobManager, Emit } from '../jobs/manager';
import type { PathPolicy } from './paths';

/** What the method handlers share: the open projects, the job host, events and path rules. */
export interface StudioContext {
  home: string;
  projects: Map<string, Project>;
  jobs: JobManager;
  emit: Emit;
  /** null outside `serve`: see PathPolicy */
  policy: PathPolicy | null;
}
