// (unit) The network and block IO figures of a stats document, in the shapes dockerd sends on cgroup v1
// (capitalised ops plus Sync/Async/Total, which must not be counted again) and v2 (lower-case ops, or null).
// The test dockerd's overlay writes report no block IO, so the integration test cannot pin these.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeStats, type RawStats } from '../../../../../src/core/clients/docker/containerStats.js';

const base: RawStats = { read: 't', cpu_stats: { cpu_usage: { total_usage: 0 } }, precpu_stats: { cpu_usage: { total_usage: 0 } }, memory_stats: {} };

test('(unit) stats: network per direction over every interface; block IO read and write from cgroup v1 and v2 documents', () => {
  const v1 = computeStats({
    ...base,
    networks: { eth0: { rx_bytes: 100, tx_bytes: 7 }, eth1: { rx_bytes: 20, tx_bytes: 3 } },
    blkio_stats: { io_service_bytes_recursive: [
      { op: 'Read', value: 4096 }, { op: 'Write', value: 8192 }, { op: 'Sync', value: 12288 }, { op: 'Async', value: 0 }, { op: 'Total', value: 12288 },
      { op: 'Read', value: 1024 }, { op: 'Write', value: 0 },
    ] },
    pids_stats: { current: 3 },
  });
  assert.deepEqual([v1.netRxBytes, v1.netTxBytes, v1.blockReadBytes, v1.blockWriteBytes, v1.pids], [120, 10, 5120, 8192, 3]);
  const v2 = computeStats({ ...base, blkio_stats: { io_service_bytes_recursive: [{ op: 'read', value: 10 }, { op: 'write', value: 30 }] } });
  assert.deepEqual([v2.blockReadBytes, v2.blockWriteBytes, v2.netRxBytes, v2.pids], [10, 30, 0, 0]);
  const none = computeStats({ ...base, blkio_stats: { io_service_bytes_recursive: null } });
  assert.deepEqual([none.blockReadBytes, none.blockWriteBytes], [0, 0]);
});
