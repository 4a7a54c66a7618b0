import { expect } from '@playwright/test';
import { API_PREFIX } from '../src/shared/api/http-wire';
import type { JobInfo } from '../src/shared/schemas/job';

/**
 * The StudioApi of a running `serve`, called from the test as the browser bridge calls it
 * (`POST /api/<method>` with the launch token), for building fixtures through the studio itself.
 */
export function studioApi(serverUrl: string) {
  const url = new URL(serverUrl);
  const token = url.searchParams.get('token')!;
  const call = async <R>(method: string, args: object): Promise<R> => {
    const res = await fetch(new URL(`${API_PREFIX}${method}`, url.origin), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(args) });
    const body = (await res.json()) as R & { error?: { message: string; where?: string } };
    if (!res.ok) throw new Error(`${method}: ${body.error?.message} (${body.error?.where})`);
    return body;
  };
  return {
    call,
    /** starts a job and waits until it is done (a job that fails fails the test with its error) */
    async runJob(projectDir: string, kind: string, params: object, timeout = 60_000): Promise<JobInfo> {
      const { jobId } = await call<{ jobId: string }>('startJob', { projectDir, kind, params });
      return waitForJob(jobId, timeout);
    },
    waitForJob,
  };

  async function waitForJob(jobId: string, timeout = 60_000): Promise<JobInfo> {
    let job: JobInfo | undefined;
    await expect
      .poll(async () => {
        job = await call<JobInfo>('getJob', { jobId });
        return job.state;
      }, { timeout })
      .toMatch(/^(done|error|cancelled)$/);
    expect(job!.error, `job ${job!.kind} failed`).toBeNull();
    expect(job!.state).toBe('done');
    return job!;
  }
}
