import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { EventPayload } from '../../shared/api';
import type { JobInfo, JobKindInfo } from '../../shared/schemas/job';
import { api, onReconnect } from '../bridge';
import { isActive, isEnded, isStale } from './jobOrder';
import { useToasts } from './toasts';

export type JobLogLine = EventPayload<'jobLog'>;

/** A long job can log thousands of lines; the panel keeps the latest ones. */
const MAX_LOG_LINES = 500;

/** Jobs of this session, kept live by the `jobUpdate` / `jobLog` events. */
export const useJobs = defineStore('jobs', () => {
  const toasts = useToasts();
  const byId = ref(new Map<string, JobInfo>());
  const logs = ref(new Map<string, JobLogLine[]>());
  const kinds = ref<JobKindInfo[]>([]);
  /** the last job that reached an end state; screens watch it to reload what it produced */
  const lastEnded = ref<JobInfo | null>(null);
  let started = false;

  const jobs = computed(() => [...byId.value.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt)));
  const activeCount = computed(() => jobs.value.filter(isActive).length);

  function upsert(job: JobInfo) {
    const before = byId.value.get(job.id);
    if (isStale(before, job)) return;
    byId.value.set(job.id, job);
    if (isEnded(job) && !(before && isEnded(before))) lastEnded.value = job;
  }

  function appendLog(line: JobLogLine) {
    const lines = logs.value.get(line.jobId) ?? [];
    lines.push(line);
    if (lines.length > MAX_LOG_LINES) lines.splice(0, lines.length - MAX_LOG_LINES);
    logs.value.set(line.jobId, lines);
  }

  async function reload() {
    for (const job of await api.listJobs({})) upsert(job);
  }

  /** Subscribes once; a reconnected event socket triggers a reload of what was missed. */
  async function start() {
    if (started) return;
    started = true;
    api.on('jobUpdate', upsert);
    api.on('jobLog', appendLog);
    onReconnect(() => void reload().catch(toasts.error));
    await reload();
  }

  async function loadKinds() {
    kinds.value = await api.listJobKinds({});
  }

  async function run(projectDir: string, kind: string, params: Record<string, unknown>) {
    const { jobId } = await api.startJob({ projectDir, kind, params });
    await track(jobId);
    return jobId;
  }

  async function track(jobId: string) {
    upsert(await api.getJob({ jobId }));
  }

  async function cancel(jobId: string) {
    upsert(await api.cancelJob({ jobId }));
  }

  return {
    jobs,
    activeCount,
    logs: computed(() => logs.value),
    kinds: computed(() => kinds.value),
    lastEnded: computed(() => lastEnded.value),
    start,
    loadKinds,
    run,
    track,
    cancel,
  };
});
