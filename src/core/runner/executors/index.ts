// Chooses the executor for a step from its `executor:` spec. Adding an executor is one line in
// EXECUTOR_FACTORIES.
import type { Executor } from '../../contracts/StepType.js';
import { err, ok, ToolError, type Result } from '../../contracts/result.js';
import type { ExecutorSpec } from '../../pipeline/model.js';
import { LocalExecutor, type LocalExecutorOptions } from './LocalExecutor.js';
import { kubernetesExecutorFactory } from './KubernetesExecutor.js';
import { containerExecutorFactory } from './ContainerExecutor.js';

export { LocalExecutor, type LocalExecutorOptions } from './LocalExecutor.js';
export { killProcessGroup } from '../../process/processGroup.js';

/** Runner-wide settings every executor may use. */
export interface ExecutorOptions extends LocalExecutorOptions {
  /** Absolute workspace folder (mounted into containers / pods). */
  workspace: string;
}

/** Builds executors of one kind. */
export interface ExecutorFactory {
  kind: ExecutorSpec['kind'];
  create(spec: ExecutorSpec, options: ExecutorOptions): Result<Executor, ToolError>;
}

const localExecutorFactory: ExecutorFactory = {
  kind: 'local',
  create: (_spec, options) => ok(new LocalExecutor(options)),
};

/** Every executor kind this build can create. */
const EXECUTOR_FACTORIES: ExecutorFactory[] = [localExecutorFactory, kubernetesExecutorFactory, containerExecutorFactory];

const registry = new Map<string, ExecutorFactory>(EXECUTOR_FACTORIES.map((f) => [f.kind, f]));

/** Kinds that can be created right now. */
export function availableExecutorKinds(): string[] {
  return [...registry.keys()];
}

/** An executor for `spec`, or a clear "not available" error when no factory is registered for its kind. */
export function createExecutor(spec: ExecutorSpec | undefined, options: ExecutorOptions): Result<Executor, ToolError> {
  const kind = spec?.kind ?? 'local';
  const factory = registry.get(kind);
  if (!factory) {
    return err(
      new ToolError(
        'tool-not-found',
        `the '${kind}' executor is not available in this build`,
        `Available executors: ${availableExecutorKinds().join(', ')}. Run the step with the local executor or install the ${kind} support.`,
      ),
    );
  }
  return factory.create(spec ?? { kind: 'local' }, options);
}
