// Kubernetes resource quantities (apimachinery's resource.Quantity) as numbers: CPU in millicores,
// memory in bytes. Covers the suffixes the metrics APIs emit (n, u, m, k, Ki…Ei, M, G…).

const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };

/** The plain value of a quantity string (`250m` → 0.25, `64Mi` → 67108864), or undefined when it is not one. */
export function parseQuantity(q: string | number | undefined): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (typeof q !== 'string') return undefined;
  const m = /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/.exec(q.trim());
  if (!m) return undefined;
  const unit = m[2] ?? '';
  return Number(m[1]) * (BINARY[unit] ?? DECIMAL[unit]!);
}

/** CPU quantity in millicores. */
export const cpuMillicores = (q: string | number | undefined): number => (parseQuantity(q) ?? 0) * 1000;

/** Memory quantity in bytes. */
export const memoryBytes = (q: string | number | undefined): number => Math.round(parseQuantity(q) ?? 0);

/** `1234567` → `1.2 MiB`, for descriptions. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** `250` → `250m`, `1500` → `1.5` cores, for descriptions. */
export function formatMillicores(m: number): string {
  return m >= 1000 ? `${(m / 1000).toFixed(m >= 10000 ? 0 : 1)} cores` : `${Math.round(m)}m`;
}

/** The short usage text a tree row adds to its description: `CPU 12m · MEM 34.0 MiB`. */
export function usageDescription(u: { cpuMillicores: number; memoryBytes: number }): string {
  return `CPU ${formatMillicores(u.cpuMillicores)} · MEM ${formatBytes(u.memoryBytes)}`;
}
