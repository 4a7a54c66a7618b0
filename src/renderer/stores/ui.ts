import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';

/** Which overlays are open; one place so Escape and the shortcuts can close any of them. */
export const useUi = defineStore('ui', () => {
  const jobsOpen = ref(false);
  const shortcutsOpen = ref(false);
  const runJobOpen = ref(false);

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
    toggleRunJob: (open = !runJobOpen.value) => (runJobOpen.value = open),
    closeTopmost,
  };
});
