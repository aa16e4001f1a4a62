/** Makes sure a `temporal` binary is available (TEMPORAL_CLI_PATH, PATH, the cache, or a one-time `go install`). */
import { ensureTemporalCli } from '../src/temporal/cli-binary.js';
import { formatCliError } from '../src/cli/errors.js';

try {
  console.log(`temporal CLI: ${await ensureTemporalCli((line) => console.log(line))}`);
} catch (err) {
  console.error(`provision-temporal: ${formatCliError(err)}`);
  process.exit(1);
}
