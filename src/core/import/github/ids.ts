// Step ids: GitHub's own `id:` when there is one, else a slug of the name, the action or the first
// command. Ours are unique across the pipeline and never equal a job's name, so a clash gets the
// job's name in front.

export function slug(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)
    .replace(/-$/, '');
  return s || 'step';
}

export function baseId(step: Record<string, unknown>): string {
  if (typeof step.id === 'string' && step.id) return /^[A-Za-z0-9_-]{1,100}$/.test(step.id) ? step.id : slug(step.id);
  if (typeof step.name === 'string' && step.name.replace(/\$\{\{[\s\S]*?\}\}/g, '').trim()) return slug(step.name.replace(/\$\{\{[\s\S]*?\}\}/g, ''));
  if (typeof step.uses === 'string') return slug(step.uses.split('@')[0]!.split('/').pop() ?? 'action');
  if (typeof step.run === 'string') {
    const words = step.run.trim().split(/\s+/).filter((w) => /^[A-Za-z][\w.-]*$/.test(w));
    return slug(words.slice(0, 2).join('-') || 'run');
  }
  return 'step';
}

export class IdAllocator {
  private readonly used: Set<string>;
  constructor(reserved: Iterable<string>) {
    this.used = new Set(reserved);
  }

  take(base: string, job: string): string {
    let id = base;
    if (this.used.has(id)) id = (base === job ? `${base}-step` : `${job}-${base}`).slice(0, 100);
    const stem = id;
    for (let n = 2; this.used.has(id); n++) id = `${stem}-${n}`;
    this.used.add(id);
    return id;
  }

  /** Gives back an id taken but not used. */
  release(id: string): void {
    this.used.delete(id);
  }
}
