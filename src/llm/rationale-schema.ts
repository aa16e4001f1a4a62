/**
 * The shape a model's rationale must have. The JSON schema sent as `response_format` carries only types,
 * required keys and the direction enum, which OpenAI's strict mode, vLLM, Ollama and llama.cpp all accept;
 * the length limits are checked here, after the reply, because several servers reject `maxLength`.
 */
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { DIRECTIONS } from '../proposals/change-direction.js';

/** A non-blank string of at most `max` characters, checked locally only. */
function prose(max: number, description: string) {
  return z
    .string()
    .describe(description)
    .refine((text) => text.trim().length > 0 && text.length <= max, { message: `must be 1 to ${max} characters` });
}

/** A list of at most `max` items, checked locally only. */
function atMost<T extends z.ZodType>(max: number, item: T, description: string) {
  return z
    .array(item)
    .describe(description)
    .refine((items) => items.length <= max, { message: `must have at most ${max} items` });
}

export const RationaleSchema = z.object({
  summary: prose(600, 'One or two sentences: what changes and why.'),
  reasoning: prose(4000, 'The evidence behind the change, in plain words.'),
  risks: atMost(8, prose(500, 'One risk.'), 'What could go wrong, or what the evidence cannot show.'),
  expected_impact: prose(1000, 'What should happen if the change is applied, as far as the evidence supports it.'),
  cited_metrics: atMost(
    30,
    z.object({
      name: prose(200, 'The path of the number in the data block, e.g. evidence.findings[0].effect.'),
      value: z.number().describe('The number exactly as it appears in the data block.'),
    }),
    'Every number the text relies on.',
  ),
  direction: z.enum(DIRECTIONS).describe('How the change moves the setting, as in proposal.changes[].direction.'),
});

export type Rationale = z.infer<typeof RationaleSchema>;

/** The `response_format` of the request: a strict JSON schema named `proposal_rationale`. */
export const RATIONALE_RESPONSE_FORMAT = zodResponseFormat(RationaleSchema, 'proposal_rationale');
