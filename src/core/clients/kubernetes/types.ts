/** The fields every Kubernetes object has; the rest stays untyped JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind: string; name: string; uid: string; controller?: boolean }>;
    managedFields?: unknown[];
    [k: string]: unknown;
  };
  spec?: Record<string, unknown> & { [k: string]: unknown };
  status?: Record<string, unknown> & { [k: string]: unknown };
  [k: string]: unknown;
}

/** A `List` answer. */
export interface KubeList<T extends KubeObject = KubeObject> {
  apiVersion?: string;
  kind?: string;
  metadata: { resourceVersion?: string; continue?: string };
  items: T[];
}

/** Something to release. */
export interface Disposable {
  dispose(): void;
}
