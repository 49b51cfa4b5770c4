// `type: notify` — tells people or systems about a run: a generic webhook (any JSON or text body),
// a Slack-compatible incoming webhook (`{"text": …}`), or an email over SMTP.
import type { StepOutcome, StepParamProblem, StepType } from '../../../contracts/StepType.js';
import { ToolError } from '../../../contracts/result.js';
import { sendMail, type SmtpOptions } from './smtpSend.js';

type Kind = 'webhook' | 'slack' | 'email';

function kindOf(w: Record<string, unknown>): Kind | undefined {
  const k = (w.kind ?? w.channel ?? (w.smtp ? 'email' : w.url ? 'webhook' : undefined)) as string | undefined;
  return k === 'webhook' || k === 'slack' || k === 'email' ? k : undefined;
}

function list(v: unknown): string[] {
  return (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(',') : []).map((s) => s.trim()).filter(Boolean);
}

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
export function buildWebhookRequest(w: Record<string, unknown>): { url: string; method: string; headers: Record<string, string>; body: string } {
  const kind = kindOf(w);
  const headers: Record<string, string> = { 'user-agent': 'ansflow', ...((w.headers as Record<string, string> | undefined) ?? {}) };
  let body: string;
  if (kind === 'slack') {
    const payload: Record<string, unknown> = { text: String(w.message ?? w.text ?? '') };
    for (const k of ['channel', 'username', 'icon_emoji', 'blocks', 'attachments'] as const) if (w[k] !== undefined) payload[k] = w[k];
    body = JSON.stringify(payload);
    headers['content-type'] ??= 'application/json';
  } else if (w.body !== undefined) {
    body = typeof w.body === 'string' ? w.body : JSON.stringify(w.body);
    headers['content-type'] ??= typeof w.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
  } else {
    body = JSON.stringify({ message: String(w.message ?? w.text ?? ''), ...((w.data as object | undefined) ?? {}) });
    headers['content-type'] ??= 'application/json';
  }
  return { url: String(w.url), method: String(w.method ?? 'POST').toUpperCase(), headers, body };
}

/** Sends a notification. `with`: kind (webhook | slack | email), url, message, body?, headers?, smtp?, from?, to?, subject?. */
export const notifyStepType: StepType = {
  type: 'notify',
  validate(w): StepParamProblem[] {
    const kind = kindOf(w);
    if (!kind) return [{ key: 'kind', message: 'must be webhook, slack or email' }];
    const empty = emptyTarget(w) !== undefined;
    if (kind !== 'email') {
      if (empty) return [];
      if (typeof w.url !== 'string' || !/^https?:\/\//.test(w.url)) return [{ key: 'url', message: 'needs an http(s) URL' }];
      return [];
    }
    const problems: StepParamProblem[] = [];
    const smtp = w.smtp as Record<string, unknown> | undefined;
    if (!smtp || typeof smtp.host !== 'string') problems.push({ key: 'smtp', message: 'email needs `smtp: { host, port }`' });
    if (!w.from) problems.push({ key: 'from', message: 'email needs a sender' });
    if (!empty && !list(w.to).length) problems.push({ key: 'to', message: 'email needs at least one recipient' });
    return problems;
  },
  describe(w) {
    const kind = kindOf(w);
    return kind === 'email' ? `email to ${list(w.to).join(', ')}` : `${kind} ${String(w.url ?? '').replace(/\/\/[^@/]*@/, '//')}`;
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
    const w = ctx.with;
    const empty = emptyTarget(w);
    if (empty) {
      ctx.log('system', `skipped: ${empty}\n`);
      return { exitCode: 0, skipped: empty };
    }
    const timeoutMs = typeof w.timeoutMs === 'number' ? w.timeoutMs : 15_000;
    if (kindOf(w) === 'email') {
      const s = w.smtp as Record<string, unknown>;
      const smtp: SmtpOptions = {
        host: String(s.host),
        port: Number(s.port ?? (s.secure ? 465 : 25)),
        secure: s.secure === true || s.secure === 'true',
        starttls: s.starttls !== false,
        user: (s.username ?? s.user) as string | undefined,
        // The password comes from a pipeline secret named by `passwordSecret` (or inline `password`).
        password: typeof s.passwordSecret === 'string' ? ctx.secrets[s.passwordSecret] : (s.password as string | undefined),
        insecure: !!s.insecure,
        timeoutMs,
      };
      const to = list(w.to);
      await sendMail(smtp, { from: String(w.from), to, subject: String(w.subject ?? `AnsFlow: ${ctx.stepId}`), text: String(w.message ?? w.body ?? '') }, ctx.signal);
      ctx.log('stdout', `email sent to ${to.join(', ')}\n`);
      return { exitCode: 0 };
    }
    const req = buildWebhookRequest(w);
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
