/**
 * Routes declare their body, query, params and responses as zod schemas. Fastify validates requests with
 * them (a failure names the field: `body.reason: …`), serializes responses as plain JSON, and the OpenAPI
 * description is generated from the same schemas, so the documentation cannot drift from the checks.
 */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifySchema,
  FastifyTypeProvider,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import { z } from 'zod';
import { ApiError } from './errors.js';

/** Types a route's request and reply from its zod schemas. */
export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

/** An app (or plugin scope) whose routes are typed by their zod schemas. */
export type ZodApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** How a request part is named in messages: the way a client thinks of it. */
const PART_NAMES: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

/** One line naming the first offending field, e.g. `body.reason: Too small: expected string to have >=1 characters`. */
export function describeZodError(part: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const field = [PART_NAMES[part] ?? part, ...(issue?.path ?? []).map(String)].join('.');
  return `${field}: ${issue?.message ?? 'invalid'}`;
}

const isZod = (value: unknown): value is z.ZodType => value instanceof z.ZodType;

/**
 * Makes an app validate with the zod schemas its routes declare, and serialize responses with JSON.stringify.
 *
 * @example
 * const app = Fastify();
 * useZodSchemas(app);
 * app.post('/x', { schema: { body: z.object({ reason: z.string() }) } }, async (req) => req.body);
 */
export function useZodSchemas(app: ZodApp): void {
  app.setValidatorCompiler(({ schema, httpPart }) => {
    if (!isZod(schema)) throw new Error(`route schema for ${httpPart} is not a zod schema`);
    return (data: unknown) => {
      const parsed = schema.safeParse(data);
      return parsed.success ? { value: parsed.data } : { error: new ApiError(400, 'bad_request', describeZodError(httpPart ?? 'body', parsed.error)) };
    };
  });
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
}

function toJsonSchema(schema: unknown, io: 'input' | 'output'): unknown {
  return isZod(schema) ? z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) : schema;
}

/**
 * @fastify/swagger's `transform`: the route's zod schemas as OpenAPI 3.0 schema objects.
 *
 * @example
 * await app.register(swagger, { openapi: { info }, transform: zodToOpenApi });
 */
export function zodToOpenApi({ schema, url }: { schema: FastifySchema; url: string }): { schema: FastifySchema; url: string } {
  if (!schema) return { schema, url };
  const { body, querystring, params, headers, response, ...rest } = schema;
  const converted: Record<string, unknown> = { ...rest };
  if (body) converted.body = toJsonSchema(body, 'input');
  if (querystring) converted.querystring = toJsonSchema(querystring, 'input');
  if (params) converted.params = toJsonSchema(params, 'input');
  if (headers) converted.headers = toJsonSchema(headers, 'input');
  if (response) {
    converted.response = Object.fromEntries(
      Object.entries(response as Record<string, unknown>).map(([status, value]) => [status, toJsonSchema(value, 'output')]),
    );
  }
  return { schema: converted as FastifySchema, url };
}
