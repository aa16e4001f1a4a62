/**
 * Every error the API returns is JSON `{error, message}`: a stable code for programs and one line for people.
 * Internal failures are logged with their stack and answered without it.
 */
import type { FastifyError, FastifyInstance } from 'fastify';

/** An error with the HTTP status and code it should be answered with. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ErrorBody {
  error: string;
  message: string;
}

/** Fastify's own errors that are the client's doing, with the code we answer them with. */
const FASTIFY_CLIENT_ERRORS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_VALIDATION: 'bad_request',
};

/** Turns any thrown value into a status and body. */
export function errorResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof ApiError) return { status: err.statusCode, body: { error: err.code, message: err.message } };
  const fastifyError = err as Partial<FastifyError>;
  const code = fastifyError.code ? FASTIFY_CLIENT_ERRORS[fastifyError.code] : undefined;
  if (code && fastifyError.statusCode) {
    return { status: fastifyError.statusCode, body: { error: code, message: fastifyError.message ?? code } };
  }
  return { status: 500, body: { error: 'internal', message: 'internal error; see the server log' } };
}

/**
 * Installs the JSON error and not-found handlers on an app.
 *
 * @example
 * const app = Fastify();
 * installErrorHandlers(app);
 */
export function installErrorHandlers(app: Pick<FastifyInstance, 'setErrorHandler' | 'setNotFoundHandler'>): void {
  app.setErrorHandler((err, request, reply) => {
    const { status, body } = errorResponse(err);
    if (status >= 500) request.log.error({ err }, 'request failed');
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );
}
