import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { createLogger } from '../../../src/observability/logger.js';

describe('logs', () => {
  test('one JSON object per line with time, level, msg and the fields', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const log = createLogger({ level: 'info', fields: { service: 'api' }, destination: sink });
    log.debug('not written');
    log.info({ proposalId: 'p-1', by: 'bob' }, 'proposal approve accepted');
    log.child({ request: 7 }).warn('slow');
    assert.equal(lines.length, 2);
    const first = JSON.parse(lines[0]);
    assert.deepEqual(
      { ...first, time: undefined },
      { level: 'info', time: undefined, service: 'api', proposalId: 'p-1', by: 'bob', msg: 'proposal approve accepted' },
    );
    assert.ok(!Number.isNaN(Date.parse(first.time)));
    assert.deepEqual({ ...JSON.parse(lines[1]), time: undefined }, { level: 'warn', time: undefined, service: 'api', request: 7, msg: 'slow' });
  });
});
