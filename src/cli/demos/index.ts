import { authorshipDemo } from './authorship';
import { chessDemo, othelloDemo } from './board';
import { conceptsDemo } from './concepts';
import { congestionDemo } from './congestion';
import type { DemoEntry } from './demo-entry';
import { explainDemo } from './explain';
import { rewardDemo } from './reward';
import { reviewsDemo } from './reviews';
import { textDemo } from './text';

/** The demo registry: one entry per `feature-studio demo <name>` (each workspace adds its own). */
export const demos: Record<string, DemoEntry> = {
  othello: othelloDemo,
  chess: chessDemo,
  concepts: conceptsDemo,
  text: textDemo,
  reward: rewardDemo,
  reviews: reviewsDemo,
  congestion: congestionDemo,
  explain: explainDemo,
  authorship: authorshipDemo,
};

export type { DemoEntry, DemoInput } from './demo-entry';
