// Manifest fixtures for the Kubernetes rules: a hardened Deployment that reports nothing, and per rule
// one variant that must report (on the line marked `# HERE`) and one near miss that must not.

export const HARDENED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
      containers:
        - name: api
          image: registry.example/api:1.4.2
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: { name: db, key: password }
            - name: LOG_LEVEL
              value: info
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: [ALL]
              add: [NET_BIND_SERVICE]
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { memory: 256Mi }
          livenessProbe:
            httpGet: { path: /healthz, port: 8080 }
          readinessProbe:
            httpGet: { path: /ready, port: 8080 }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector:
    matchLabels: { app: api }
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  type: ClusterIP
  selector: { app: api }
  ports: [{ port: 80, targetPort: 8080 }]
`;

function edit(from: string, to: string): string {
  if (!HARDENED.includes(from)) throw new Error(`fixture text not found: ${from}`);
  return HARDENED.replace(from, to);
}

const sc = '          securityContext:\n';

/** rule id → [must report (line marked `# HERE`), must not report]. */
export const RULE_FIXTURES: Record<string, [bad: string, good: string]> = {
  privileged: [edit(sc, `${sc}            privileged: true # HERE\n`), edit(sc, `${sc}            privileged: false\n`)],
  'allow-privilege-escalation': [
    edit('            allowPrivilegeEscalation: false\n', '            allowPrivilegeEscalation: true # HERE\n'),
    HARDENED,
  ],
  'run-as-root': [edit('        runAsUser: 10001\n', '        runAsUser: 0 # HERE\n'), edit('        runAsNonRoot: true\n', '')],
  'host-network': [edit('      automountServiceAccountToken: false\n', '      automountServiceAccountToken: false\n      hostNetwork: true # HERE\n'), edit('      automountServiceAccountToken: false\n', '      automountServiceAccountToken: false\n      hostNetwork: false\n')],
  'host-pid': [edit('      automountServiceAccountToken: false\n', '      automountServiceAccountToken: false\n      hostPID: true # HERE\n'), HARDENED],
  'host-ipc': [edit('      automountServiceAccountToken: false\n', '      automountServiceAccountToken: false\n      hostIPC: true # HERE\n'), HARDENED],
  'host-path': [
    edit('      automountServiceAccountToken: false\n', '      automountServiceAccountToken: false\n      volumes:\n        - name: docker\n          hostPath: { path: /var/run/docker.sock } # HERE\n'),
    edit('      automountServiceAccountToken: false\n', '      automountServiceAccountToken: false\n      volumes:\n        - name: tmp\n          emptyDir: {}\n'),
  ],
  'no-resource-limits': [edit('            limits: { memory: 256Mi }\n', '            limits: { cpu: 500m }\n').replace('          resources:\n', '          resources: # HERE\n'), edit('            limits: { memory: 256Mi }\n', '            limits: { memory: 1Gi, cpu: "1" }\n')],
  'no-resource-requests': [edit('            requests: { cpu: 100m, memory: 128Mi }\n', '').replace('          resources:\n', '          resources: # HERE\n'), HARDENED],
  'latest-tag': [edit('          image: registry.example/api:1.4.2\n', '          image: registry.example/api:latest # HERE\n'), edit('          image: registry.example/api:1.4.2\n', '          image: registry.example:5000/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n')],
  'no-image-tag': [edit('          image: registry.example/api:1.4.2\n', '          image: registry.example:5000/api # HERE\n'), edit('          image: registry.example/api:1.4.2\n', '          image: registry.example:5000/api:2\n')],
  'no-liveness-probe': [edit('          livenessProbe:\n            httpGet: { path: /healthz, port: 8080 }\n', '').replace('        - name: api\n', '        - name: api # HERE\n'), HARDENED],
  'no-readiness-probe': [edit('          readinessProbe:\n            httpGet: { path: /ready, port: 8080 }\n', '').replace('        - name: api\n', '        - name: api # HERE\n'), HARDENED],
  'secret-in-env-literal': [
    edit('              valueFrom:\n                secretKeyRef: { name: db, key: password }\n', '              value: hunter2 # HERE\n'),
    edit('            - name: LOG_LEVEL\n', '            - name: TOKEN_TTL_NOTE\n              value: ""\n            - name: LOG_LEVEL\n'),
  ],
  'writable-root-fs': [edit('            readOnlyRootFilesystem: true\n', '            readOnlyRootFilesystem: false # HERE\n'), HARDENED],
  'dangerous-capabilities': [edit('              add: [NET_BIND_SERVICE]\n', '              add:\n                - NET_BIND_SERVICE\n                - SYS_ADMIN # HERE\n'), HARDENED],
  'default-namespace': [edit('  name: api\n  namespace: shop\nspec:\n  selector', '  name: api\n  namespace: default # HERE\nspec:\n  selector'), HARDENED],
  'automount-service-account-token': [edit('      automountServiceAccountToken: false\n', '      automountServiceAccountToken: true # HERE\n'), HARDENED],
  'service-type-nodeport': [edit('  type: ClusterIP\n', '  type: NodePort # HERE\n'), edit('  type: ClusterIP\n', '  type: LoadBalancer\n')],
  'no-network-policy': [edit('kind: NetworkPolicy', 'kind: ConfigMap').replace('kind: Deployment\n', 'kind: Deployment # HERE\n'), HARDENED],
};

/** 1-based lines marked `# HERE`. */
export function markedLines(text: string): number[] {
  return text.split('\n').flatMap((l, i) => (l.includes('# HERE') ? [i + 1] : []));
}
