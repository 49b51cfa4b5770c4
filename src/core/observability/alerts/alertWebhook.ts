// Posts an alert through the notify step's request builder, so a webhook rule sends what a
// `type: notify` webhook would. The payload is masked with the secrets of recent runs.
import { buildWebhookRequest } from '../../runner/steps/local/notify.js';
import { maskKnownSecrets } from '../../runner/masking/knownSecrets.js';
import type { Alert } from './AlertEngine.js';

/** The request for `alert` (pure, for tests). */
export function alertWebhookRequest(url: string, alert: Alert): ReturnType<typeof buildWebhookRequest> {
  const body = JSON.parse(maskKnownSecrets(JSON.stringify({ source: 'ansflow', event: 'alert', rule: alert.ruleId, kind: alert.kind, message: alert.message, target: alert.target, time: new Date(alert.time).toISOString() }))) as Record<string, unknown>;
  return buildWebhookRequest({ kind: 'webhook', url, body });
}

/** Sends it; rejects with a one-line reason naming only the host (the URL may hold a token). */
export async function postAlertWebhook(url: string, alert: Alert): Promise<void> {
  const req = alertWebhookRequest(url, alert);
  const host = new URL(req.url).host;
  let res: Response;
  try {
    res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(10_000) });
  } catch (e) {
    throw new Error(`cannot reach ${host}: ${(e as Error).message}`);
  }
  if (!res.ok) throw new Error(`${host} answered ${res.status} ${res.statusText}`);
}
