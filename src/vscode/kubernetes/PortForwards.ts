// The active port-forwards of this window, listed and stopped from the palette or the tree.
import { forwardPort, type KubeClient, type PortForwardHandle } from '../../core/clients/kubernetes/index.js';

/** One running forward. */
export interface ActiveForward {
  id: number;
  context: string;
  namespace: string;
  pod: string;
  remotePort: number;
  localPort: number;
  handle: PortForwardHandle;
}

/** See the file comment. */
export class PortForwards {
  private readonly active = new Map<number, ActiveForward>();
  private next = 1;

  async start(kube: KubeClient, namespace: string, pod: string, remotePort: number, localPort: number): Promise<ActiveForward> {
    const handle = await forwardPort(kube, namespace, pod, remotePort, localPort);
    const f: ActiveForward = { id: this.next++, context: kube.context, namespace, pod, remotePort, localPort: handle.localPort, handle };
    this.active.set(f.id, f);
    return f;
  }

  list(): ActiveForward[] {
    return [...this.active.values()];
  }

  stop(id: number): void {
    this.active.get(id)?.handle.dispose();
    this.active.delete(id);
  }

  dispose(): void {
    for (const id of [...this.active.keys()]) this.stop(id);
  }
}
