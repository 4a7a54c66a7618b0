import { computed, ref, shallowRef } from 'vue';
import { useJobs } from '../stores/jobs';
import { useToasts } from '../stores/toasts';
import { useUi } from '../stores/ui';
import { useAction } from './useAction';

/**
 * The two steps of an import form: the file's header is read first (`inspect`, which also sets
 * the form's defaults from it), so the analyst can map it, then a job copies the rows into the project (`start` resolves to its id) and the
 * jobs panel opens on it. `label` names the import in the toast.
 */
export function useInspectThenImport<I>(steps: { inspect: (path: string) => Promise<I>; start: (path: string, inspection: I) => Promise<string>; label: (path: string) => string }) {
  const jobs = useJobs();
  const toasts = useToasts();
  const ui = useUi();
  const path = ref('');
  const inspected = shallowRef<{ path: string; result: I } | null>(null);
  // The inspection belongs to the path it was made for; editing the path asks for a new one.
  const current = computed(() => (inspected.value && inspected.value.path === path.value.trim() ? inspected.value.result : null));

  const { run: inspect, busy: inspecting } = useAction(async () => {
    const target = path.value.trim();
    const result = await steps.inspect(target);
    inspected.value = { path: target, result };
  });

  const { run: startImport, busy: importing } = useAction(async () => {
    const source = inspected.value!;
    const jobId = await steps.start(source.path, source.result);
    await jobs.track(jobId);
    ui.toggleJobs(true);
    toasts.info(`Importing ${steps.label(source.path)}: follow it in the jobs panel.`);
    inspected.value = null;
    path.value = '';
  });
  return { path, current, inspect, inspecting, startImport, importing };
}
