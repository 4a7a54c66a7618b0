/** The feature explorer's computations (issue 6): statistics, board properties, examples, neighbours. */
export { FeatureExplorer, type BoardScores, type ExplorerInput, type ExplorerLabels, type FeatureDetail, type FeatureExample, type LabelledProperty } from './explorer';
export { type BoardContext, type SquareState } from './board';
