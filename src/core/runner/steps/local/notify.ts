// `type: notify` — tells people or systems about a run: a generic webhook (any JSON or text body),
// a Slack-compatible incoming webhook (`{"text": …}`), or an email over SMTP.
import type { StepOutcome, StepParamProblem, StepType } from '../../../contracts/StepType.js';
import { ToolError } from '../../../contracts/result.js';
import { sendMail, type SmtpOptions } from './smtpSend.js';
import { WithParams } from '../WithParams.js';

type Kind = 'webhook' | 'slack' | 'email';

function kindOf(w: Record<string, unknown>): Kind | undefined {
  const r = WithParams.check(w);
  const k = r.string('kind') ?? r.string('channel') ?? (r.has('smtp') ? 'email' : r.has('url') ? 'webhook' : undefined);
  return k === 'webhook' || k === 'slack' || k === 'email' ? k : undefined;
}

const list = (w: WithParams, key: string): string[] => (w.list(key, { commas: true }) ?? []).map((s) => s.trim()).filter(Boolean);

const blank = (v: unknown): boolean => typeof v === 'string' && v.trim() === '';

/**
 * Why the step has nobody to tell, when its target was given but came out empty — what an optional
 * secret or param without a value interpolates to. Such a step skips with this note rather than failing
 * the run: a missing Slack hook must not turn a good nightly run red. A target left out is still an error.
 */
function emptyTarget(w: Record<string, unknown>): string | undefined {
  if (kindOf(w) === 'email') {
    const given = blank(w.to) || (Array.isArray(w.to) && w.to.length > 0 && w.to.every(blank));
    return given ? 'no recipients: `to` is empty (an optional secret or param without a value); nothing sent' : undefined;
  }
  return blank(w.url) ? 'url is empty (an optional secret or param without a value); nothing sent' : undefined;
}

/** The request a webhook or Slack notification sends (pure, for tests and dry runs). */
export function buildWebhookRequest(with_: Record<string, unknown>, w = WithParams.check(with_)): { url: string; method: string; headers: Record<string, string>; body: string } {
  const kind = kindOf(with_);
  const headers: Record<string, string> = { 'user-agent': 'ansflow', ...w.map('headers') };
  const message = w.string('message') ?? w.string('text') ?? '';
  const rawBody = with_.body;
  let body: string;
  if (kind === 'slack') {
    const payload: Record<string, unknown> = { text: message };
    // Slack's own fields go through as written (blocks and attachments are structures).
    for (const k of ['channel', 'username', 'icon_emoji', 'blocks', 'attachments'] as const) if (with_[k] !== undefined) payload[k] = with_[k];
    body = JSON.stringify(payload);
    headers['content-type'] ??= 'application/json';
  } else if (rawBody !== undefined) {
    body = typeof rawBody === 'string' ? rawBody : JSON.stringify(rawBody);
    headers['content-type'] ??= typeof rawBody === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
  } else {
    body = JSON.stringify({ message, ...w.object('data') });
    headers['content-type'] ??= 'application/json';
  }
  return { url: w.string('url') ?? '', method: (w.string('method') ?? 'POST').toUpperCase(), headers, body };
}

/** The `smtp:` map of an email notification. */
function smtpOptions(s: WithParams, secrets: Readonly<Record<string, string>>, timeoutMs: number): SmtpOptions {
  const secure = s.bool('secure', false);
  const secretName = s.string('passwordSecret');
  return {
    host: s.string('host') ?? '',
    port: s.number('port', { integer: true, min: 1, max: 65535 }) ?? (secure ? 465 : 25),
    secure,
    starttls: s.bool('starttls', true),
    user: s.string('username') ?? s.string('user'),
    // The password comes from a pipeline secret named by `passwordSecret` (or inline `password`).
    password: secretName !== undefined ? secrets[secretName] : s.string('password'),
    insecure: s.bool('insecure', false),
    timeoutMs,
  };
}

/** Sends a notification. `with`: kind (webhook | slack | email), url, message, body?, headers?, smtp?, from?, to?, subject?. */
export const notifyStepType: StepType = {
  type: 'notify',
  validate(with_): StepParamProblem[] {
    const kind = kindOf(with_);
    if (!kind) return [{ key: 'kind', message: 'must be webhook, slack or email' }];
    const empty = emptyTarget(with_) !== undefined;
    const w = WithParams.check(with_);
    w.number('timeoutMs', { min: 0 });
    if (kind !== 'email') {
      buildWebhookRequest(with_, w);
      if (empty) return w.problems;
      if (!/^https?:\/\//.test(w.string('url') ?? '')) return [{ key: 'url', message: 'needs an http(s) URL' }, ...w.problems];
      return w.problems;
    }
    const problems: StepParamProblem[] = [];
    const smtp = w.section('smtp');
    if (!smtp?.string('host')) problems.push({ key: 'smtp', message: 'email needs `smtp: { host, port }`' });
    if (smtp) smtpOptions(smtp, {}, 0);
    if (!w.string('from')) problems.push({ key: 'from', message: 'email needs a sender' });
    if (!empty && !list(w, 'to').length) problems.push({ key: 'to', message: 'email needs at least one recipient' });
    w.string('subject');
    return [...problems, ...w.problems];
  },
  describe(with_) {
    const kind = kindOf(with_);
    const w = WithParams.check(with_);
    return kind === 'email' ? `email to ${list(w, 'to').join(', ')}` : `${kind} ${(w.string('url') ?? '').replace(/\/\/[^@/]*@/, '//')}`;
  },
  async dryRun(ctx) {
    const empty = emptyTarget(ctx.with);
    if (empty) {
      ctx.log('system', `[dry run] would skip: ${empty}\n`);
      return { exitCode: 0, skipped: empty };
    }
    ctx.log('system', `[dry run] would notify: ${notifyStepType.describe!(ctx.with)}\n`);
    return { exitCode: 0 };
  },
  async run(ctx): Promise<StepOutcome> {
    const empty = emptyTarget(ctx.with);
    if (empty) {
      ctx.log('system', `skipped: ${empty}\n`);
      return { exitCode: 0, skipped: empty };
    }
    const w = WithParams.of(ctx);
    const timeoutMs = w.number('timeoutMs', { min: 0 }) ?? 15_000;
    if (kindOf(ctx.with) === 'email') {
      const smtp = smtpOptions(w.require('smtp').section('smtp')!, ctx.secrets, timeoutMs);
      const to = list(w, 'to');
      await sendMail(smtp, { from: w.string('from') ?? '', to, subject: w.string('subject') ?? `AnsFlow: ${ctx.stepId}`, text: w.string('message') ?? w.string('body') ?? '' }, ctx.signal);
      ctx.log('stdout', `email sent to ${to.join(', ')}\n`);
      return { exitCode: 0 };
    }
    const req = buildWebhookRequest(ctx.with, w);
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]);
    let res: Response;
    try {
      res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.method === 'GET' ? undefined : req.body, signal });
    } catch (e) {
      if (ctx.signal.aborted) throw e;
      throw new ToolError('engine-unreachable', `cannot reach ${new URL(req.url).host}: ${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}`);
    }
    const text = (await res.text()).slice(0, 2000);
    ctx.setOutput('status', String(res.status));
    if (!res.ok) return { exitCode: 1, message: `${req.method} ${new URL(req.url).host} answered ${res.status} ${res.statusText}${text ? `: ${text.slice(0, 200)}` : ''}` };
    ctx.log('stdout', `notified ${new URL(req.url).host} (${res.status})\n`);
    return { exitCode: 0, outputs: { response: text } };
  },
};
