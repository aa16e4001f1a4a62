/** `GET /metrics`: the service's metrics in the Prometheus text format, for a scraper. */
import type { Registry } from 'prom-client';
import type { ZodApp } from '../zod-schemas.js';

export function registerMetricsRoute(app: ZodApp, registry: Registry): void {
  app.get('/metrics', { schema: { summary: 'Prometheus metrics of the service', tags: ['operations'] } }, async (_request, reply) => {
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
}
