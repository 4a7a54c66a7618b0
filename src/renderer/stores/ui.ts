import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';

/** Which overlays are open; one place so Escape and the shortcuts can close any of them. */
export const useUi = defineStore('ui', () => {
  const jobsOpen = ref(false);
  const shortcutsOpen = ref(false);
  const runJobOpen = ref(false);
  /**
   * the kind and parameters the "Run a job" dialog opens with (an empty state's next action);
   * `onScreen`: the screen it was opened from shows the job's progress, so the jobs panel stays shut
   */
  const runJobPreset = ref<{ kind: string; params: Record<string, unknown>; onScreen: boolean } | null>(null);

  function closeTopmost(): boolean {
    if (shortcutsOpen.value) shortcutsOpen.value = false;
    else if (runJobOpen.value) runJobOpen.value = false;
    else if (jobsOpen.value) jobsOpen.value = false;
    else return false;
    return true;
  }

  return {
    jobsOpen: readonly(jobsOpen),
    shortcutsOpen: readonly(shortcutsOpen),
    runJobOpen: readonly(runJobOpen),
    toggleJobs: (open = !jobsOpen.value) => (jobsOpen.value = open),
    toggleShortcuts: (open = !shortcutsOpen.value) => (shortcutsOpen.value = open),
    runJobPreset: readonly(runJobPreset),
    toggleRunJob: (open = !runJobOpen.value) => {
      if (!open) runJobPreset.value = null;
      runJobOpen.value = open;
    },
    /** Opens the dialog filled in, for the analyst to check and start. */
    runJobWith: (kind: string, params: Record<string, unknown>, opts: { onScreen?: boolean } = {}) => {
      runJobPreset.value = { kind, params, onScreen: opts.onScreen ?? false };
      runJobOpen.value = true;
    },
    closeTopmost,
    /** Closes every dialog and panel (a project switch leaves none of the old one's open). */
    closeAll: () => {
      shortcutsOpen.value = false;
      runJobOpen.value = false;
      runJobPreset.value = null;
      jobsOpen.value = false;
    },
  };
});
