// Every rule, for `--help`-style listings, SARIF rule metadata and config validation.
import { DOCKERFILE_RULES } from './dockerfileRules.js';
import { IMAGE_RULES } from './imageRules.js';
import { CONTAINER_RULES } from './k8sContainerRules.js';
import { OBJECT_RULES } from './k8sObjectRules.js';
import { POD_RULES } from './k8sPodRules.js';
import type { ScanRule } from './types.js';

export const ALL_RULES: readonly ScanRule[] = [...Object.values(CONTAINER_RULES), ...Object.values(POD_RULES), ...Object.values(OBJECT_RULES), ...Object.values(DOCKERFILE_RULES), ...Object.values(IMAGE_RULES)];

export function ruleById(id: string): ScanRule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}
