/** Every migration, in order. Imported statically so the list never depends on a directory scan at run time. */
import type { Migration } from 'kysely';
import * as dataContractInputs from './0001_data_contract_inputs.js';
import * as configDb from './0002_config_db.js';
import * as metaTables from './0003_meta_tables.js';
import * as proposalChangeKey from './0004_proposal_change_key.js';
import * as analysisGroupStatistics from './0005_analysis_group_statistics.js';
import * as episodes from './0009_episodes.js';
import * as analysisRunTimeZone from './0011_analysis_run_time_zone.js';
import * as tradeDayRollups from './0012_trade_day_rollups.js';
import * as hypothesisLedger from './0013_hypothesis_ledger.js';
import * as episodeSharpeError from './0014_episode_sharpe_error.js';

export const migrations: Record<string, Migration> = {
  '0001_data_contract_inputs': dataContractInputs,
  '0002_config_db': configDb,
  '0003_meta_tables': metaTables,
  '0004_proposal_change_key': proposalChangeKey,
  '0005_analysis_group_statistics': analysisGroupStatistics,
  '0009_episodes': episodes,
  '0011_analysis_run_time_zone': analysisRunTimeZone,
  '0012_trade_day_rollups': tradeDayRollups,
  '0013_hypothesis_ledger': hypothesisLedger,
  '0014_episode_sharpe_error': episodeSharpeError,
};
