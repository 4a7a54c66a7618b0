import { EventEmitter } from 'node:events';
import type { z } from 'zod';
import { studioMethods, type MethodArgs, type MethodName, type MethodResult } from '../shared/api/methods';
import { methodNames } from '../shared/api/names';
import type { EventMessage } from '../shared/api/http-wire';
import type { EventName, EventPayload } from '../shared/api/event-table';
import type { StudioApi } from '../shared/api';
import { StudioError } from '../shared/errors';
import { JobManager } from './jobs/manager';
import type { SpawnWorker } from './jobs/protocol';
import { studioHome } from './project/home';
import type { Project } from './project/project';
import type { StudioContext } from './studio/context';
import { architectureHandlers } from './studio/architectures';
import { conceptHandlers } from './studio/concepts';
import { corpusHandlers } from './studio/corpora';
import { datasetHandlers } from './studio/datasets';
import { explainHandlers } from './studio/explain';
import { featureHandlers } from './studio/features';
import { featureExportHandlers } from './studio/featureExport';
import { mismatchHandlers } from './studio/mismatch';
import { featureMatchHandlers } from './studio/featureMatch';
import type { Handlers } from './studio/handlers';
import { congestionHandlers } from './studio/congestion';
import { healthHandlers } from './studio/health';
import { heldOutHandlers } from './studio/heldOut';
import { baselineHandlers } from './studio/baselines';
import { reportFileHandlers } from './studio/reportFiles';
import { hostHandlers, type HostCapabilities } from './studio/host';
import { jobHandlers } from './studio/jobs';
import type { PathPolicy } from './studio/paths';
import { projectHandlers } from './studio/projects';
import { reportHandlers } from './studio/reports';
import { rewardHandlers } from './studio/reward';
import { reviewHandlers } from './studio/reviews';
import { authorshipHandlers } from './studio/authorship';
import { runHandlers } from './studio/runs';

export interface StudioOptions {
  /** per-user folder for the recent list; defaults to `studioHome()` */
  home?: string;
  /** how job processes start; defaults to `child_process.fork` */
  spawnWorker?: SpawnWorker;
  /** confines client paths (serve); null elsewhere */
  policy?: PathPolicy | null;
  /** check every result against the table (tests and development) */
  validateResults?: boolean;
  cancelGraceMs?: number;
  /** native abilities of the front door (the desktop app's choosers) */
  host?: HostCapabilities;
}

type MethodFunctions = { [M in MethodName]: (args: MethodArgs<M>) => Promise<MethodResult<M>> };
// The methods are installed from the table in the constructor; this base only declares them.
const TableMethods = class {} as new () => MethodFunctions;

/**
 * The StudioApi façade the three front doors call: every method validates its arguments with
 * the table's schema (a `bad-input` error names the field), runs its handler, and in
 * development checks the result against the table too.
 */
export class Studio extends TableMethods implements StudioApi {
  private readonly events = new EventEmitter();
  private readonly handlers: Handlers;
  private readonly ctx: StudioContext;
  private readonly validateResults: boolean;

  constructor(options: StudioOptions = {}) {
    super();
    this.events.setMaxListeners(0);
    const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
      this.events.emit(event, payload);
      this.events.emit('*', { event, payload } satisfies EventMessage);
    };
    const home = options.home ?? studioHome();
    this.ctx = {
      home,
      projects: new Map<string, Project>(),
      jobs: new JobManager({ emit, home, spawn: options.spawnWorker, cancelGraceMs: options.cancelGraceMs }),
      emit,
      policy: options.policy ?? null,
    };
    this.validateResults = options.validateResults ?? process.env.NODE_ENV !== 'production';
    const features = featureHandlers(this.ctx);
    this.handlers = {
      ...healthHandlers(options.host ?? {}, this.ctx.policy),
      ...hostHandlers(options.host ?? {}),
      ...projectHandlers(this.ctx),
      ...datasetHandlers(this.ctx),
      ...jobHandlers(this.ctx),
      ...features,
      ...architectureHandlers(),
      ...reportHandlers(this.ctx, features),
      ...runHandlers(this.ctx),
      ...corpusHandlers(this.ctx),
      ...conceptHandlers(this.ctx),
      ...rewardHandlers(this.ctx),
      ...reviewHandlers(this.ctx),
      ...authorshipHandlers(this.ctx),
      ...congestionHandlers(this.ctx),
      ...heldOutHandlers(this.ctx),
      ...baselineHandlers(this.ctx),
      ...reportFileHandlers(this.ctx),
      ...featureExportHandlers(this.ctx),
      ...mismatchHandlers(this.ctx),
      ...featureMatchHandlers(this.ctx),
      ...explainHandlers(this.ctx),
    } satisfies Handlers;
    const self = this as unknown as Record<string, (args: unknown) => Promise<unknown>>;
    for (const name of methodNames) self[name] = (args) => this.call(name, args);
  }

  /** Runs a method by name with untrusted arguments: what IPC, HTTP and the CLI call. */
  async call(name: string, rawArgs: unknown): Promise<unknown> {
    if (!Object.hasOwn(studioMethods, name)) throw new StudioError('not-found', `no method "${name}"`, name);
    const spec = studioMethods[name as MethodName];
    const parsed = spec.args.safeParse(rawArgs ?? {});
    if (!parsed.success) throw badInput(name, parsed.error);
    const handler = this.handlers[name as MethodName] as (args: unknown) => Promise<unknown>;
    const result = await handler(parsed.data);
    if (this.validateResults) {
      const checked = spec.result.safeParse(result);
      if (!checked.success) throw new StudioError('internal', `${name} returned a result that breaks the contract: ${checked.error.issues[0].message}`, `${name}.result.${checked.error.issues[0].path.join('.')}`);
    }
    return result;
  }

  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void {
    this.events.on(event, handler);
    return () => this.events.off(event, handler);
  }

  /** Every event as a message, for front doors that forward them (IPC, WebSocket). */
  onAny(listener: (message: EventMessage) => void): () => void {
    this.events.on('*', listener);
    return () => this.events.off('*', listener);
  }

  get jobs(): JobManager {
    return this.ctx.jobs;
  }

  /** Cancels running jobs and releases every project lock. */
  async close(): Promise<void> {
    await this.ctx.jobs.shutdown();
    for (const project of this.ctx.projects.values()) await project.close();
    this.ctx.projects.clear();
  }
}

function badInput(method: string, error: z.ZodError): StudioError {
  const issue = error.issues[0];
  const field = issue.path.map(String).join('.') || '(arguments)';
  return new StudioError('bad-input', `${method}: ${field}: ${issue.message}`, field);
}
