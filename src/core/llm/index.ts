/** The one optional client for an analyst-run, OpenAI-compatible endpoint (never required). */
export { chat, expectedDigit, type ChatMessage, type ChatOptions, type ChatReply, type TokenLogprob } from './client';
export { LlmSettings, LLM_SETTINGS_FILE, checkEndpoint, readLlmSettings, writeLlmSettings } from './settings';
