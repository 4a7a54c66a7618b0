/** Coverage and board reconstruction of any feature matrix against board-state families. */
export { THRESHOLDS, N_THRESHOLDS } from './thresholds';
export { type FeatureActivations, type DenseActivations, type SparseActivations, sparsify } from './activations';
export { type CoverageResult } from './coverage';
export { LABEL_MIN_PRECISION, LABEL_MIN_TP, type LabelPrecisionRule, reachesLabelPrecision, type ReconstructionResult, type SlotResult } from './reconstruction';
export {
  type BoardEvalInput, type BoardEvalResult, type FamilyBoardMetrics, type FamilyAggregate,
  OTHELLO_HEADLINE, CHESS_LOW_LEVEL, evaluateBoardFeatures, splitPositionsByGame, aggregateFamilies,
} from './evaluate';
