import { test } from 'node:test';
import assert from 'node:assert/strict';
import { oneLine, podStartProblem, type StartEvent } from '../../../../../src/core/clients/kubernetes/podStartProblem.js';
import type { KubeObject } from '../../../../../src/core/clients/kubernetes/types.js';

const pod = (status: Record<string, unknown>, spec: Record<string, unknown> = { containers: [{ name: 'step', image: 'registry.invalid/app:1' }] }): KubeObject => ({
  metadata: { name: 'p-1' },
  spec,
  status,
});

test('podStartProblem: an image that cannot be pulled names the image and the reason, message on the same line', () => {
  const p = pod({ phase: 'Pending', containerStatuses: [{ name: 'step', image: 'registry.invalid/app:1', state: { waiting: { reason: 'ErrImagePull', message: 'rpc error: lookup registry.invalid\nmore' } } }] });
  assert.equal(podStartProblem(p), 'image pull failed for registry.invalid/app:1: ErrImagePull (rpc error: lookup registry.invalid)');
  const backoff = pod({ containerStatuses: [{ name: 'step', state: { waiting: { reason: 'ImagePullBackOff' } } }] });
  assert.equal(podStartProblem(backoff), 'image pull failed for registry.invalid/app:1: ImagePullBackOff');
});

test('podStartProblem: unschedulable pods say so with the scheduler message', () => {
  const p = pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient cpu.' }] });
  assert.equal(podStartProblem(p), 'pod not scheduled: 0/1 nodes are available: 1 Insufficient cpu.');
});

test('podStartProblem: init containers that fail or never finish come before the main container', () => {
  const failed = pod({ initContainerStatuses: [{ name: 'fetch', state: { terminated: { reason: 'Error', exitCode: 2 } } }], containerStatuses: [{ name: 'step', state: { waiting: { reason: 'PodInitializing' } } }] });
  assert.equal(podStartProblem(failed), 'init container fetch failed: Error (exit 2)');
  const stuck = pod({ initContainerStatuses: [{ name: 'fetch', ready: false, state: { running: {} } }] });
  assert.equal(podStartProblem(stuck), 'init container fetch is still running');
  const config = pod({ containerStatuses: [{ name: 'step', state: { waiting: { reason: 'CreateContainerConfigError', message: 'secret "x" not found' } } }] });
  assert.equal(podStartProblem(config), 'container step cannot start: CreateContainerConfigError (secret "x" not found)');
});

test('podStartProblem: with nothing in the status, the newest Warning event of the pod; with no pod, the Job\'s', () => {
  const events: StartEvent[] = [
    { type: 'Warning', reason: 'FailedMount', message: 'old', involvedObject: { kind: 'Pod', name: 'p-1' }, lastTimestamp: '2026-01-01T00:00:00Z' },
    { type: 'Warning', reason: 'FailedMount', message: 'MountVolume.SetUp failed for volume "ws"', involvedObject: { kind: 'Pod', name: 'p-1' }, lastTimestamp: '2026-01-01T00:01:00Z' },
    { type: 'Normal', reason: 'Scheduled', message: 'assigned', involvedObject: { kind: 'Pod', name: 'p-1' }, lastTimestamp: '2026-01-01T00:02:00Z' },
    { type: 'Warning', reason: 'FailedCreate', message: 'exceeded quota: q', involvedObject: { kind: 'Job', name: 'j-1' } },
  ];
  assert.equal(podStartProblem(pod({ phase: 'Pending', containerStatuses: [{ name: 'step', state: { waiting: { reason: 'ContainerCreating' } } }] }), events), 'FailedMount: MountVolume.SetUp failed for volume "ws"');
  assert.equal(podStartProblem(undefined, events, 'j-1'), 'no pod was created: FailedCreate: exceeded quota: q');
  assert.equal(podStartProblem(undefined, [], 'j-1'), 'no pod was created');
  assert.equal(podStartProblem(pod({ phase: 'Pending' })), 'pod still Pending');
});

test('oneLine: first non-empty line, shortened', () => {
  assert.equal(oneLine('\n  a  \nb'), 'a');
  assert.equal(oneLine('x'.repeat(300), 10), 'x'.repeat(9) + '…');
  assert.equal(oneLine(undefined), '');
});
