// A job's `services:` live as long as a job instance: started when the instance's first step runs
// (per instance for a matrix job, so `test[node=18]` and `test[node=20]` each get their own), shared
// by every step of that instance and stopped once its last step has ended, however it ended. They
// are published on 127.0.0.1 and joined to their own network, so a local step reaches them by port
// and a container step by name. Their logs go to the record of the step that started them. What
// needs the job starts once they are gone. When the instance's first step runs on the kubernetes
// executor they run in a pod of their own instead (executors/kubernetesJobServices.ts), which the job's
// step pods reach by name; a job's steps then all run on kubernetes (and otherwise none does).
import type { StepContext, StepOutcome, StepType } from '../../contracts/StepType.js';
import type { Job } from '../../pipeline/model.js';
import type { StepInstance } from '../planInstances.js';
import { endpointOf, planServices, type ServiceEndpoint } from './servicePlan.js';
import { startServices, type StartedServices } from './StepServices.js';
import { exposeServices, serviceCallbacks, serviceEngine, serviceEnvValues, type ServicesHost } from './withServices.js';
import { ToolError } from '../../contracts/result.js';
import type { StartedServicePod } from '../executors/kubernetesJobServices.js';
import type { PodServicesExtra } from '../executors/kubernetesServices.js';

/** A job instance's services: containers on a Docker network, or one pod. */
type Started = { kind: 'docker'; services: StartedServices } | { kind: 'pod'; pod: StartedServicePod };

/** Both sides of a job must reach its services: docker ones from a pod, or a pod from the host, they cannot. */
function refuseMixed(job: Job, started: Started, ctx: StepContext): void {
  const onPod = ctx.executor.kind === 'kubernetes';
  if (onPod === (started.kind === 'pod')) return;
  const where = started.kind === 'pod' ? `in pod/${started.pod.podName} (started for a kubernetes step)` : 'on the Docker engine (started for a non-kubernetes step)';
  throw new ToolError('invalid-input', `job '${job.name}': its services run ${where}, which step '${ctx.step}' on the ${ctx.executor.kind} executor cannot reach`, 'Run every step of a job with services on the kubernetes executor, or none of them.');
}

/** The services of one run's job instances. */
export class JobServices {
  private readonly running = new Map<string, Promise<Started>>();
  private readonly stopping: Array<Promise<void>> = [];

  constructor(private readonly jobs: readonly Job[] | undefined) {}

  /** `type` for a step of job instance `jobKey`: each run first has the job instance's services running. */
  wrap(type: StepType, inst: StepInstance, jobKey: string | undefined, host: ServicesHost): StepType {
    const job = inst.step.job !== undefined ? this.jobs?.find((j) => j.name === inst.step.job) : undefined;
    const services = job?.services;
    if (!services?.length || jobKey === undefined) return type;
    const wrapped = Object.create(type) as StepType & { run: StepType['run'] };
    wrapped.run = async (ctx: StepContext): Promise<StepOutcome> => {
      const started = await this.ensure(jobKey, job!, host, ctx);
      refuseMixed(job!, started, ctx);
      const byName = ctx.executor.kind !== 'local';
      const endpoints: Record<string, ServiceEndpoint> = byName || started.kind === 'pod' ? Object.fromEntries(services.map((s) => [s.name, endpointOf(s, false)])) : started.services.endpoints;
      if (started.kind === 'pod') (ctx as StepContext & PodServicesExtra).podHostAliases = started.pod.hostAliases;
      exposeServices(type, ctx, host, endpoints, started.kind === 'docker' && byName ? started.services.network : undefined);
      return type.run(ctx);
    };
    return wrapped;
  }

  private ensure(jobKey: string, job: Job, host: ServicesHost, ctx: StepContext): Promise<Started> {
    let started = this.running.get(jobKey);
    if (!started) {
      const services = job.services!;
      started = (async (): Promise<Started> => {
        if (ctx.executor.kind === 'kubernetes') {
          // Loaded only for a kubernetes job: client-node costs the runner memory at start.
          const { startJobServicePod } = await import('../executors/kubernetesJobServices.js');
          return { kind: 'pod', pod: await startJobServicePod(ctx, jobKey, services, serviceEnvValues(services, ctx), serviceCallbacks(host, ctx)) };
        }
        const docker = await serviceEngine(host, ctx);
        const plan = planServices({ runId: ctx.runId, step: jobKey, attempt: 0, services, publish: true, env: serviceEnvValues(services, ctx) });
        return { kind: 'docker', services: await startServices(docker, plan, true, serviceCallbacks(host, ctx)) };
      })();
      this.running.set(jobKey, started);
    }
    return started;
  }

  /** The job instance's last step has ended: its services go (a failed start has nothing left). Never rejects. */
  stop(jobKey: string): Promise<void> {
    const started = this.running.get(jobKey);
    if (!started) return Promise.resolve();
    this.running.delete(jobKey);
    const stopped = started.then((s) => (s.kind === 'pod' ? s.pod.stop() : s.services.stop()), () => undefined);
    this.stopping.push(stopped);
    return stopped;
  }

  /** Resolves once every job instance's services are gone, stopping any still running. */
  async drain(): Promise<void> {
    for (const key of [...this.running.keys()]) void this.stop(key);
    await Promise.all(this.stopping);
  }
}
