// Keeps alerts bounded: an object fires once per window of its rule, and a muted rule or object
// stays quiet until its mute ends. The clock is passed in so tests need no waiting.

const MAX_ENTRIES = 10_000;

/** See the file comment. */
export class AlertGate {
  private readonly fired = new Map<string, number>();
  private readonly muted = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Whether `key` of `ruleId` may fire now (neither it nor `muteKey` muted); when it may, its window starts. */
  admit(ruleId: string, key: string, windowMs: number, muteKey = key): boolean {
    const t = this.now();
    if (this.isMuted(ruleId, key) || this.isMuted(ruleId, muteKey)) return false;
    const id = `${ruleId}\u0000${key}`;
    const until = this.fired.get(id);
    if (until !== undefined && t < until) return false;
    this.fired.set(id, t + windowMs);
    if (this.fired.size > MAX_ENTRIES) prune(this.fired, t);
    return true;
  }

  /** Silences one object of a rule (or the whole rule when `key` is absent) for `forMs`. */
  mute(ruleId: string, key: string | undefined, forMs: number): void {
    this.muted.set(key === undefined ? ruleId : `${ruleId}\u0000${key}`, this.now() + forMs);
    if (this.muted.size > MAX_ENTRIES) prune(this.muted, this.now());
  }

  isMuted(ruleId: string, key: string): boolean {
    const t = this.now();
    return [ruleId, `${ruleId}\u0000${key}`].some((k) => (this.muted.get(k) ?? 0) > t);
  }
}

function prune(m: Map<string, number>, now: number): void {
  for (const [k, until] of m) if (until <= now) m.delete(k);
}
