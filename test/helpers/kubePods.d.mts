/** The busybox image the engine scripts load into the test kubelet's container runtime. */
export const TEST_BUSYBOX_IMAGE: string;

/** Pods that call no API and may die at once: the usual choice for a pod a test throws away. */
export const DISPOSABLE: { readonly automountServiceAccountToken: false; readonly terminationGracePeriodSeconds: 0 };

export interface TestContainer {
  name: string;
  /** Default: the image's own. */
  command?: string[];
  /** Default: the test busybox image. */
  image?: string;
  /** `Never` for the image loaded into the runtime; left out when not given. */
  imagePullPolicy?: 'IfNotPresent' | 'Never' | 'Always';
  /** Container ports, TCP. */
  ports?: number[];
  env?: Record<string, string>;
}

export interface TestPodSpec {
  containers: TestContainer[];
  automountServiceAccountToken?: boolean;
  terminationGracePeriodSeconds?: number;
  /** A node that does not exist keeps the pod pending (no kubelet needed). */
  nodeName?: string;
  schedulerName?: string;
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
}

export interface TestMetadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
}

export interface TestDeployment extends TestPodSpec {
  replicas: number;
  /** The `app` label selecting its pods; default the deployment's name. */
  app?: string;
  /** Pod template annotations (a changed value rolls the deployment out again). */
  annotations?: Record<string, string>;
}

export type Manifest = Record<string, unknown>;

/** A pod's `spec` (also a Job's or a template's). */
export function podSpec(spec: TestPodSpec): Manifest;
export function pod(meta: TestMetadata, spec: TestPodSpec): Manifest;
export function deployment(meta: TestMetadata, d: TestDeployment): Manifest;
/** Manifests as one YAML text, one document each. */
export function manifestText(...docs: Manifest[]): string;
