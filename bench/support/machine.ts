import ort from 'onnxruntime-node';
import { hugePagesInfo } from '../../src/core/engine';
import { machineInfo } from '../../src/core/games/lm/recipe';

/** What every benchmark reports about where it ran: CPU, threads, load, runtime and memory setup. */
export const benchMachine = (threads: number) => ({ ...machineInfo(threads), onnxruntime: ort.env.versions.common, ...hugePagesInfo() });
