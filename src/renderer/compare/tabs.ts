import type { Component } from 'vue';
import type { RunInfo } from '../../shared/schemas/run';
import type { CompareRow } from './table';
import CompareRunsTab from '../components/compare/CompareRunsTab.vue';
import MatchedL0Tab from '../components/compare/MatchedL0Tab.vue';
import MatchTab from '../components/compare/MatchTab.vue';

/** What every tab of Compare receives: the project, its runs, and the rows measured for them. */
export interface CompareTabProps {
  dir: string;
  runs: readonly RunInfo[];
  rows: readonly CompareRow[];
  /** the board family the rows' board metrics are on, and a feature that always fires scores there */
  family: string;
  alwaysOn: number | null;
  /** runs measured so far while Compare scores them; null once done */
  scoring: { done: number; total: number } | null;
  /** why some runs have no board metrics (no labels, too few held-out games), by run id */
  boardMissing: ReadonlyMap<string, string>;
}

/** Compare's tabs, in order: one entry each (a tab is a component taking CompareTabProps). */
export const COMPARE_TABS: readonly { id: string; label: string; component: Component }[] = [
  { id: 'runs', label: 'Runs and baselines', component: CompareRunsTab },
  { id: 'matched-l0', label: 'Matched L0', component: MatchedL0Tab },
  { id: 'match', label: 'Match features', component: MatchTab },
];
