/**
 * How Kronos reaches a language model: any server speaking the OpenAI Chat Completions API (OpenAI itself,
 * vLLM, Ollama, llama.cpp's server). Without an API key no model is called and rationales come from the
 * deterministic template.
 *
 * Workflow code imports DEFAULT_LLM_MAX_ATTEMPTS from here for its retry policy: this module must keep
 * to type-only imports so it stays bundleable into the workflow sandbox.
 */
import type { KronosEnv } from '../config.js';

/** Attempts of the rationale activity before a transient failure (429, 5xx, timeout) ends in the template. */
export const DEFAULT_LLM_MAX_ATTEMPTS = 3;

export interface LlmSettings {
  /** OPENAI_API_KEY; undefined means "no model configured". Local servers accept any non-empty value. */
  apiKey: string | undefined;
  /** OPENAI_BASE_URL, e.g. `http://127.0.0.1:8000/v1` for vLLM; undefined means api.openai.com. */
  baseURL: string | undefined;
  /** KRONOS_LLM_MODEL, the model name the server knows. */
  model: string;
  /** KRONOS_LLM_TIMEOUT_MS, for one request; keep it below the activity's start-to-close timeout. */
  timeoutMs: number;
  /** Activity attempts for transient failures before the template is stored instead. */
  maxAttempts: number;
}

/**
 * The LLM settings from the validated environment.
 *
 * @example
 * const settings = llmSettings(loadEnv());
 * if (!settings.apiKey) console.log('rationales will use the template');
 */
export function llmSettings(env: KronosEnv): LlmSettings {
  return {
    apiKey: env.OPENAI_API_KEY,
    baseURL: env.OPENAI_BASE_URL,
    model: env.KRONOS_LLM_MODEL,
    timeoutMs: env.KRONOS_LLM_TIMEOUT_MS,
    maxAttempts: DEFAULT_LLM_MAX_ATTEMPTS,
  };
}
