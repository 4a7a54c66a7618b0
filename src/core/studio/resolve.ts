import path from 'node:path';
import { StudioError } from '../../shared/errors';
import type { Project } from '../project/project';
import type { StudioContext } from './context';
import { realpathAllowingMissing } from './paths';

/** A client-sent path made absolute and real, and confined when the studio has a policy. */
export function resolveClientPath(ctx: StudioContext, input: string, field: string): Promise<string> {
  return ctx.policy ? ctx.policy.confine(input, field) : realpathAllowingMissing(path.resolve(input));
}

/** The open project a `projectDir` argument names; methods act only on projects opened here. */
export async function openedProject(ctx: StudioContext, projectDir: string): Promise<Project> {
  const key = await realpathAllowingMissing(path.resolve(projectDir));
  const project = ctx.projects.get(key);
  if (!project) throw new StudioError('not-found', 'this project is not open here; open it first', 'projectDir');
  return project;
}
