/** File names of a checkpoint folder: SAELens's own (ALGORITHMS-DETAIL.md §2.7) and the studio's extras. */
export const SAELENS_CFG = 'cfg.json';
export const SAELENS_WEIGHTS = 'sae_weights.safetensors';
/** SAELens "expected_average_only_in" normalisation stores its factor here */
export const SAELENS_SCALER = 'activation_scaler.json';
export const SPARSIFY_CFG = 'cfg.json';
export const SPARSIFY_WEIGHTS = 'sae.safetensors';
/** dictionary_learning's PyTorch state dict and its trainer config */
export const DICTIONARY_LEARNING_WEIGHTS = 'ae.pt';
export const DICTIONARY_LEARNING_CFG = 'config.json';
export const WHITENING_WEIGHTS = 'whitening.safetensors';
export const TRAINER_STATE_TENSORS = 'trainer_state.safetensors';
export const TRAINER_STATE_JSON = 'trainer_state.json';
