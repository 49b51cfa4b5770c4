/** A YAML mapping as read (pipeline parse, CI import): an object that is not a list (null and scalars are not). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
