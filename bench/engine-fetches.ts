import os from 'node:os';
import ort from 'onnxruntime-node';
import { exportStep, input, ops as o } from '../src/core/engine';
import { benchMachine } from './support/machine';

/*
 * Does onnxruntime-node avoid the output copy when given pre-allocated output tensors
 * (`session.run(feeds, fetches)`)? Measures y = x + x for a 32 MB output both ways and checks
 * whether the returned array shares memory with the one passed in.
 * `npm run bench -- engine-fetches`
 */
export async function run(): Promise<void> {
  const n = 8 * 1024 * 1024;
  const xIn = input('x', [n]);
  const model = exportStep({ updates: [], outputs: { y: o.add(xIn, xIn) } });
  const session = await ort.InferenceSession.create(model.bytes);
  const x = new ort.Tensor('float32', new Float32Array(n).fill(1), [n]);
  const given = new ort.Tensor('float32', new Float32Array(n), [n]);
  const plain = () => session.run({ x });
  const prealloc = () => session.run({ x }, { y: given });
  const best = async (f: () => Promise<unknown>) => {
    let b = Infinity;
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      await f();
      b = Math.min(b, performance.now() - t0);
    }
    return Number(b.toFixed(1));
  };
  await plain();
  const out = await prealloc();
  (given.data as Float32Array)[0] = -1;
  const aliases = (out.y.data as Float32Array)[0] === -1;
  console.log(JSON.stringify({ machine: benchMachine(os.availableParallelism()), outputMB: (n * 4) / 2 ** 20, plainMs: await best(plain), preallocatedMs: await best(prealloc), returnedArrayIsTheGivenOne: aliases, writtenIntoGiven: (given.data as Float32Array)[1] === 2 }));
  await session.release();
}
