/**
 * Bearer-token authentication. Temporal's own authorization is namespace-wide and a signal's identity is
 * whatever the caller claims, so the identity that approves a proposal is established here, from a token
 * the operator issued, and handed to the workflow's update as the approver.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; set by the authentication hook on protected routes. */
    identity?: string;
  }
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Maps a presented token to its identity, comparing against every known token in constant time (equal-length
 * digests, no early exit), so response timing says nothing about how close a guess was.
 *
 * @example
 * const identify = tokenIdentifier(new Map([['f3b1c9e2a7d04c5e', 'alice']]));
 * identify('f3b1c9e2a7d04c5e'); // 'alice'
 * identify('guess'); // undefined
 */
export function tokenIdentifier(tokens: ReadonlyMap<string, string>): (presented: string) => string | undefined {
  const known = [...tokens].map(([token, identity]) => ({ digest: digest(token), identity }));
  return (presented) => {
    const candidate = digest(presented);
    let match: string | undefined;
    for (const entry of known) {
      if (timingSafeEqual(entry.digest, candidate)) match = entry.identity;
    }
    return match;
  };
}

/** The token of an `Authorization: Bearer <token>` header, or undefined when the header is absent or malformed. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * An onRequest hook that admits only requests carrying a known token, and records who sent them.
 *
 * @example
 * app.addHook('onRequest', requireIdentity(settings.tokens));
 */
export function requireIdentity(tokens: ReadonlyMap<string, string>) {
  const identify = tokenIdentifier(tokens);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) {
      void reply.header('WWW-Authenticate', 'Bearer realm="kronos"');
      throw new ApiError(401, 'unauthorized', 'missing bearer token: send Authorization: Bearer <token>');
    }
    const identity = identify(token);
    if (identity === undefined) {
      void reply.header('WWW-Authenticate', 'Bearer realm="kronos", error="invalid_token"');
      throw new ApiError(401, 'unauthorized', 'unknown bearer token');
    }
    request.identity = identity;
  };
}

/** The caller of a protected route (the hook guarantees it is set). */
export function callerOf(request: FastifyRequest): string {
  if (request.identity === undefined) throw new ApiError(401, 'unauthorized', 'no authenticated identity');
  return request.identity;
}
