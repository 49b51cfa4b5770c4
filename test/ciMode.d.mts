/** True when `CI` is set to anything but '', 'false' or '0' (any case). */
export function isCI(env?: Record<string, string | undefined>): boolean;
