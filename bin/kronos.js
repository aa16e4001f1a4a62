#!/usr/bin/env node
// Runs the TypeScript sources directly: the CLI and the worker share one code path with the tests.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
