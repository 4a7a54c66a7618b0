import { onMounted, ref } from 'vue';
import { useRouter } from 'vue-router';
import { api } from '../bridge';
import { useAction } from './useAction';

/**
 * The folder field of the create and open forms, and their submit: `act` makes or opens the
 * project in the trimmed folder, then the Overview says what it holds and what to do next.
 */
export function useProjectFolder(act: (dir: string) => Promise<{ dir: string }>) {
  const router = useRouter();
  const dir = ref('');
  // where a server confines projects, the field starts in its first allowed folder
  onMounted(async () => {
    const { roots } = await api.allowedRoots({}).catch(() => ({ roots: [] as string[] }));
    if (!dir.value && roots[0]) dir.value = `${roots[0].replace(/[\\/]$/, '')}/`;
  });
  const { run, busy } = useAction(async () => {
    const project = await act(dir.value.trim());
    await router.push({ name: 'overview', params: { dir: project.dir } });
  });
  return { dir, run, busy };
}
