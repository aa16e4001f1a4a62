/** The schedule's plain values, kept apart from the Temporal client for the CLI, match the client's. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DAYS_OF_WEEK as CLIENT_DAYS_OF_WEEK } from '@temporalio/client';
import { DAYS_OF_WEEK } from '../../../src/temporal/schedule-constants.js';

test("the days of the week are the client's, in its order", () => {
  assert.deepEqual(DAYS_OF_WEEK, CLIENT_DAYS_OF_WEEK);
});
