import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeMapNpy, readMapNpy } from './npy-maps';
import { importLayouts, loadLayouts, readLayoutSet } from './layouts';

let dir: string;
let project: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'congestion-import-'));
  project = path.join(dir, 'p.fstudio');
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

const map = (h: number, w: number, c: number, f: (i: number) => number) => ({ height: h, width: w, channels: c, data: Float32Array.from({ length: h * w * c }, (_, i) => f(i)) });

async function folder(rows: string[], files: Record<string, Uint8Array>) {
  const src = path.join(dir, 'in');
  await fs.mkdir(src, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) await fs.writeFile(path.join(src, name), bytes);
  await fs.writeFile(path.join(src, 'manifest.csv'), rows.join('\n') + '\n');
  return src;
}

describe('importing CircuitNet-style folders', () => {
  it('reads float64 H×W×C gzipped and float32 2-D maps, and defines the scalar label from the label map', async () => {
    const src = await folder(
      ['design,layout,feature_file,label_file,label,channels', 'd1,a,a_f.npy.gz,a_l.npy,,', 'd2,b,b_f.npy,,7.5,RUDY'],
      {
        'a_f.npy.gz': encodeMapNpy(map(4, 4, 3, (i) => i / 48), true, '<f8'),
        'a_l.npy': encodeMapNpy(map(4, 4, 1, (i) => (i < 2 ? 0.5 : 0)), false, '<f8'),
        'b_f.npy': encodeMapNpy(map(4, 4, 1, (i) => i)),
      },
    );
    const set = await importLayouts(src, project);
    expect(set.layouts.map((l) => [l.id, l.design, l.label, l.labelSource])).toEqual([
      ['a', 'd1', 1, 'total-overflow'],
      ['b', 'd2', 7.5, 'manifest'],
    ]);
    const [a] = await loadLayouts(project, ['a']);
    expect(a.channels).toEqual(['macro_region', 'RUDY', 'RUDY_pin', 'congestion']);
    // channel 1 of pixel 5 is element 5·3 + 1 of the H×W×C array
    expect(a.maps.RUDY.data[5]).toBeCloseTo(16 / 48, 6);
    expect((await readLayoutSet(project)).layouts).toHaveLength(2);
  });

  it('names mismatched shapes, missing labels and NaN, and keeps what was imported before', async () => {
    const ok = await folder(['design,feature_file,label', 'd,x.npy,1'], { 'x.npy': encodeMapNpy(map(2, 2, 3, () => 0)) });
    await importLayouts(ok, project);
    const badShape = await folder(['design,feature_file,label_file', 'd,y.npy,y_l.npy'], { 'y.npy': encodeMapNpy(map(2, 2, 3, () => 0)), 'y_l.npy': encodeMapNpy(map(3, 2, 1, () => 0)) });
    await expect(importLayouts(badShape, project)).rejects.toThrow(/label map is 3×2 but the feature maps are 2×2.*y_l\.npy \(manifest row 2\)/);
    const noLabel = await folder(['design,feature_file,label', 'd,y.npy,'], {});
    await expect(importLayouts(noLabel, project)).rejects.toThrow(/layout 'y' has no label.*manifest\.csv: row 2/);
    const nan = await folder(['design,feature_file,label', 'd,z.npy,1'], { 'z.npy': encodeMapNpy(map(2, 2, 3, (i) => (i === 4 ? NaN : 0))) });
    await expect(importLayouts(nan, project)).rejects.toThrow(/value NaN at row 0, column 1, channel 1.*z\.npy/);
    const channels = await folder(['design,feature_file,label', 'd,w.npy,1'], { 'w.npy': encodeMapNpy(map(2, 2, 2, () => 0)) });
    await expect(importLayouts(channels, project)).rejects.toThrow(/2 channels but the manifest names 3/);
    expect((await readLayoutSet(project)).layouts.map((l) => l.id)).toEqual(['x']);
  });

  it('rejects a dtype that is not a map dtype', async () => {
    const bytes = encodeMapNpy(map(2, 2, 1, () => 0));
    const text = new TextDecoder('latin1').decode(bytes);
    const file = path.join(dir, 'i.npy');
    await fs.writeFile(file, Buffer.from(text.replace("'<f4'", "'<i4'"), 'latin1'));
    await expect(readMapNpy(file)).rejects.toThrow(/dtype <i4 is not a map dtype/);
  });
});
