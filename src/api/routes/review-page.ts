/**
 * The review page: static HTML, CSS and ES modules from src/api/review-page/, served as they are (no build
 * step). Every page URL returns the same shell; the page reads its route from the location. A strict
 * Content-Security-Policy allows only these files, so even a mistake in rendering untrusted text could not
 * run a script.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import type { ZodApp } from '../zod-schemas.js';

export const REVIEW_PAGE_DIR = fileURLToPath(new URL('../review-page/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

interface Asset {
  body: Buffer;
  type: string;
}

/** The page's files, read once: only these names are ever served (its tsconfig.json stays private). */
function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const type = CONTENT_TYPES[path.extname(name)];
    if (type) assets.set(name, { body: readFileSync(path.join(dir, name)), type });
  }
  return assets;
}

export function registerReviewPage(app: ZodApp, dir = REVIEW_PAGE_DIR): void {
  const assets = loadAssets(dir);
  const send = (reply: FastifyReply, name: string) => {
    const asset = assets.get(name);
    if (!asset) throw new ApiError(404, 'not_found', `no review page asset ${name}`);
    return reply.headers(SECURITY_HEADERS).type(asset.type).send(asset.body);
  };
  const hidden = { hide: true };
  app.get('/review', { schema: hidden }, (_request, reply) => reply.redirect('/review/'));
  app.get('/review/', { schema: hidden }, (_request, reply) => send(reply, 'index.html'));
  app.get('/review/proposals/:id', { schema: { ...hidden, params: z.object({ id: z.string() }) } }, (_request, reply) => send(reply, 'index.html'));
  app.get('/review/assets/:name', { schema: { ...hidden, params: z.object({ name: z.string() }) } }, (request, reply) => send(reply, request.params.name));
}
