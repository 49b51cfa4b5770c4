// Which namespaces have a NetworkPolicy, by the file that declares it. A workload is covered when a
// policy sits in its namespace; an object without `metadata.namespace` lands in whatever namespace it
// is applied to, so an unnamespaced policy covers every workload and an unnamespaced workload is
// covered by any policy.

export class NetworkPolicyIndex {
  private readonly byFile = new Map<string, readonly string[]>();
  private counts = new Map<string, number>();

  /** Records a file's policy namespaces; true when the set of covered namespaces changed. */
  set(file: string, namespaces: readonly string[]): boolean {
    const before = this.key();
    if (namespaces.length) this.byFile.set(file, [...new Set(namespaces)]);
    else this.byFile.delete(file);
    this.recount();
    return this.key() !== before;
  }

  delete(file: string): boolean {
    return this.set(file, []);
  }

  covers(namespace: string): boolean {
    if (this.counts.size === 0) return false;
    return namespace === '' || this.counts.has(namespace) || this.counts.has('');
  }

  /** The namespaces with a policy (`''` for unnamespaced ones), sorted. */
  namespaces(): string[] {
    return [...this.counts.keys()].sort();
  }

  private recount(): void {
    const counts = new Map<string, number>();
    for (const list of this.byFile.values()) for (const ns of list) counts.set(ns, (counts.get(ns) ?? 0) + 1);
    this.counts = counts;
  }

  private key(): string {
    return this.namespaces().join('\u0000') + (this.counts.size ? '\u0001' : '');
  }
}
