/** Transcript language models: training, legal-move accuracy, board probes, activation extraction, the shipped models. */
export { TranscriptModel, type TranscriptModelConfig, type TrainOptions } from './model';
export { trainLoop, learningRate, batchFeeds, type Schedule, type TokenBatch, type TrainLoopOptions } from './train';
export { trainRecipe, saveModelDir, machineInfo, type Recipe, type TrainedRun } from './recipe';
export { OTHELLO_MODEL, OTHELLO_TRAINING, HELD_OUT_SEED, othelloTrainingBatch, othelloHeldOutGames, nextMoveMasks, legalTop1, othelloLegalMoveAccuracy, othelloProbeAccuracies } from './othello';
export { CHESS_MODEL, CHESS_WINDOW, chessRows, chessTrainingBatch, moveStarts, chessLegalMoveAccuracy } from './chess';
export { fitLinearProbe, probeAccuracy, choleskySolve, type LinearProbe } from './probe';
export { selectPositions, streamResiduals, gatherResiduals, forEachResidualChunk, collectResiduals, type PositionSelection, type ResidualChunk, type TokenRows, type TokenPositions, type StreamOptions } from './residuals';
export { writeLabelledDataset, readBoardLabels, type BoardLabels, type LabelledDatasetOptions } from './labelled-dataset';
export { CHESS_TRAINING, CHESS_TRAINING_PGN, CHESS_EXTRACTION_PGN, CHESS_IMPORT_PLIES, chessRecipe, readPgnGames, describeIssue, splitHeldOut, chessProbeAccuracies, type PgnGames } from './chess-training';
export { extractChessActivations, chessTokenRows, CHESS_MOVE_FAMILIES, type ChessExtractOptions } from './chess-extract';
export { extractOthelloActivations, readOthelloLabels, LABELS_INDEX_FILE, type ExtractOptions, type LabelsIndex } from './extract';
export { loadOthelloModel, loadChessModel, expectGame, bestProbeLayer, shippedModelDir, loadModelDir, OTHELLO_MODEL_DIR, CHESS_MODEL_DIR, MODEL_WEIGHTS_FILE, MODEL_CONFIG_FILE, ShippedModelConfig } from './shipped';
