// A small SMTP client for the notify step (RFC 5321 subset): EHLO, optional STARTTLS or implicit
// TLS, AUTH PLAIN, MAIL/RCPT/DATA with dot-stuffing, QUIT.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { hostname } from 'node:os';
import { ToolError } from '../../../contracts/result.js';

/** Where and how to send. */
export interface SmtpOptions {
  host: string;
  port: number;
  /** Implicit TLS from the first byte (port 465). */
  secure?: boolean;
  /** Upgrade with STARTTLS when offered (default true). */
  starttls?: boolean;
  user?: string;
  password?: string;
  /** Accept self-signed certificates (test servers). */
  insecure?: boolean;
  timeoutMs?: number;
}

/** One message. */
export interface MailMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

class Conversation {
  private buffer = '';
  private waiting: ((line: { code: number; text: string }) => void) | undefined;
  private lines: string[] = [];

  constructor(public socket: Socket | TLSSocket) {
    this.attach(socket);
  }

  attach(socket: Socket | TLSSocket): void {
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      this.buffer += d;
      let i: number;
      while ((i = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, i).replace(/\r$/, '');
        this.buffer = this.buffer.slice(i + 1);
        this.lines.push(line);
        // The last line of a reply has a space (not a dash) after the code.
        if (/^\d{3}( |$)/.test(line) && this.waiting) {
          const w = this.waiting;
          this.waiting = undefined;
          const text = this.lines.map((l) => l.slice(4)).join('\n');
          this.lines = [];
          w({ code: Number(line.slice(0, 3)), text });
        }
      }
    });
  }

  reply(): Promise<{ code: number; text: string }> {
    return new Promise((resolve) => (this.waiting = resolve));
  }

  async command(line: string | undefined, expect: number[]): Promise<string> {
    const r = this.reply();
    if (line !== undefined) this.socket.write(`${line}\r\n`);
    const { code, text } = await r;
    if (!expect.includes(code)) throw new ToolError('tool-failed', `SMTP server answered ${code} ${text.split('\n')[0]} to ${line?.split(' ')[0] ?? 'connect'}`);
    return text;
  }
}

function open(o: SmtpOptions): Promise<Socket | TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = o.secure ? tlsConnect({ host: o.host, port: o.port, rejectUnauthorized: !o.insecure, servername: o.host }) : netConnect({ host: o.host, port: o.port });
    s.once(o.secure ? 'secureConnect' : 'connect', () => resolve(s));
    s.once('error', (e) => reject(new ToolError('engine-unreachable', `cannot reach SMTP server ${o.host}:${o.port}: ${e.message}`, undefined, { cause: e })));
  });
}

/** Sends one message; rejects with a ToolError describing the failing exchange. */
export async function sendMail(o: SmtpOptions, m: MailMessage, signal?: AbortSignal): Promise<void> {
  const socket = await open(o);
  const timer = setTimeout(() => socket.destroy(new Error('SMTP timeout')), o.timeoutMs ?? 15_000);
  const onAbort = () => socket.destroy(new Error('cancelled'));
  signal?.addEventListener('abort', onAbort, { once: true });
  const failed = new Promise<never>((_, reject) => socket.once('error', (e) => reject(new ToolError('tool-failed', `SMTP: ${e.message}`))));
  const talk = async () => {
    const c = new Conversation(socket);
    await c.command(undefined, [220]);
    let caps = await c.command(`EHLO ${hostname() || 'localhost'}`, [250]);
    if (!o.secure && o.starttls !== false && /^STARTTLS$/im.test(caps)) {
      await c.command('STARTTLS', [220]);
      const secured = tlsConnect({ socket, rejectUnauthorized: !o.insecure, servername: o.host });
      await new Promise<void>((res, rej) => {
        secured.once('secureConnect', () => res());
        secured.once('error', rej);
      });
      c.attach(secured);
      caps = await c.command(`EHLO ${hostname() || 'localhost'}`, [250]);
    }
    if (o.user) await c.command(`AUTH PLAIN ${Buffer.from(`\0${o.user}\0${o.password ?? ''}`).toString('base64')}`, [235]);
    await c.command(`MAIL FROM:<${m.from}>`, [250]);
    for (const to of m.to) await c.command(`RCPT TO:<${to}>`, [250, 251]);
    await c.command('DATA', [354]);
    const headers = [`From: ${m.from}`, `To: ${m.to.join(', ')}`, `Subject: ${m.subject}`, `Date: ${new Date().toUTCString()}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit'];
    const body = m.text.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    await c.command(`${headers.join('\r\n')}\r\n\r\n${body}\r\n.`, [250]);
    await c.command('QUIT', [221]).catch(() => '');
  };
  try {
    await Promise.race([talk(), failed]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    socket.destroy();
  }
}
