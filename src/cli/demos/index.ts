import { chessDemo, othelloDemo } from './board';
import { congestionDemo } from './congestion';
import { conceptsDemo } from './concepts';
import type { DemoEntry } from './demo-entry';

/** The demo registry: one entry per `feature-studio demo <name>` (each workspace adds its own). */
export const demos: Record<string, DemoEntry> = {
  othello: othelloDemo,
  chess: chessDemo,
  congestion: congestionDemo,
  concepts: conceptsDemo,
};

export type { DemoEntry, DemoInput } from './demo-entry';
