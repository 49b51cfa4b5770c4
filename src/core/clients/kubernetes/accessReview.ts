// "May I?" answered by the apiserver itself (SelfSubjectAccessReview, what `kubectl auth can-i`
// sends), cached per client so the tree can hide actions without a request per row.
import type { KubeClient } from './KubeClient.js';
import type { ResourceKind } from './resourceKinds.js';

/** One question. */
export interface AccessQuestion {
  verb: string;
  kind: Pick<ResourceKind, 'group' | 'plural'>;
  namespace?: string;
  subresource?: string;
  name?: string;
}

/** The answer; `reason` is the authorizer's when it gave one. */
export interface AccessAnswer {
  allowed: boolean;
  reason?: string;
}

/** Caches SelfSubjectAccessReview answers for one client; `clear()` after RBAC may have changed. */
export class AccessReviews {
  private readonly cache = new Map<string, Promise<AccessAnswer>>();

  constructor(private readonly kube: KubeClient) {}

  /** Asks once per distinct question; an API that cannot answer (old server, network) counts as allowed, so the real call reports the error. */
  can(q: AccessQuestion, signal?: AbortSignal): Promise<AccessAnswer> {
    const key = [q.verb, q.kind.group, q.kind.plural, q.subresource ?? '', q.namespace ?? '', q.name ?? ''].join('|');
    let a = this.cache.get(key);
    if (!a) {
      a = this.ask(q, signal).catch(() => ({ allowed: true }));
      this.cache.set(key, a);
    }
    return a;
  }

  private async ask(q: AccessQuestion, signal?: AbortSignal): Promise<AccessAnswer> {
    const res = await this.kube.request<{ status?: { allowed?: boolean; reason?: string } }>('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { verb: q.verb, group: q.kind.group, resource: q.kind.plural, subresource: q.subresource, namespace: q.namespace, name: q.name } },
      },
      signal,
    });
    return { allowed: res.status?.allowed === true, reason: res.status?.reason || undefined };
  }

  clear(): void {
    this.cache.clear();
  }
}
