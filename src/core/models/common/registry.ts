import { StudioError } from '../../../shared/errors';

/**
 * The model workspaces (reviews, authorship, reward, congestion) as one table, the way SAE
 * architectures are: each entry names what the CLI (`feature-studio <workspace> …`,
 * `demo <workspace>`), the StudioApi methods, the job kinds, the report sections and the
 * Overview's buttons need, so a new workspace is one entry. Entries register themselves from
 * their own `index.ts`; this file knows none of them.
 */
export interface WorkspaceEntry {
  /** the CLI word and route segment, e.g. 'congestion' */
  name: string;
  /** a human title, e.g. 'Chip congestion' */
  title: string;
  /** one line for the Overview and `--help` */
  summary: string;
  /** names of the zod schemas of its stored files (documentation and `info`) */
  schemas: readonly string[];
  /** the job kinds it runs (entries of src/core/jobs/kinds) */
  jobKinds: readonly string[];
  /** the report sections it adds (entries of src/core/reports/sections.ts) */
  reportSections: readonly string[];
  /** its CLI subcommands */
  commands: readonly string[];
  /** the name of its demo in src/cli/demos, if it has one */
  demo?: string;
}

const entries = new Map<string, WorkspaceEntry>();

export function registerWorkspace(entry: WorkspaceEntry): WorkspaceEntry {
  if (!/^[a-z][a-z0-9-]*$/.test(entry.name)) throw new StudioError('bad-input', `workspace name '${entry.name}' must be lowercase letters, digits and dashes`, entry.name);
  const existing = entries.get(entry.name);
  if (existing && existing !== entry) throw new StudioError('conflict', `workspace '${entry.name}' registered twice`, entry.name);
  entries.set(entry.name, entry);
  return entry;
}

export function workspace(name: string): WorkspaceEntry {
  const e = entries.get(name);
  if (!e) throw new StudioError('not-found', `no workspace '${name}' (known: ${[...entries.keys()].join(', ') || 'none'})`, name);
  return e;
}

export function workspaces(): WorkspaceEntry[] {
  return [...entries.values()].sort((a, b) => a.name.localeCompare(b.name));
}
