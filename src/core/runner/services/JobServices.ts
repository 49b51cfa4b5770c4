// A job's `services:` live as long as a job instance: started when the instance's first step runs
// (per instance for a matrix job, so `test[node=18]` and `test[node=20]` each get their own), shared
// by every step of that instance and stopped once its last step has ended, however it ended. They
// are published on 127.0.0.1 and joined to their own network, so a local step reaches them by port
// and a container step by name. Their logs go to the record of the step that started them. What
// needs the job starts once they are gone.
import type { StepContext, StepOutcome, StepType } from '../../contracts/StepType.js';
import type { Job } from '../../pipeline/model.js';
import type { StepInstance } from '../planInstances.js';
import { endpointOf, planServices, type ServiceEndpoint } from './servicePlan.js';
import { startServices, type StartedServices } from './StepServices.js';
import { exposeServices, refuseKubernetes, serviceCallbacks, serviceEngine, serviceEnvValues, type ServicesHost } from './withServices.js';

/** The services of one run's job instances. */
export class JobServices {
  private readonly running = new Map<string, Promise<StartedServices>>();
  private readonly stopping: Array<Promise<void>> = [];

  constructor(private readonly jobs: readonly Job[] | undefined) {}

  /** `type` for a step of job instance `jobKey`: each run first has the job instance's services running. */
  wrap(type: StepType, inst: StepInstance, jobKey: string | undefined, host: ServicesHost): StepType {
    const job = inst.step.job !== undefined ? this.jobs?.find((j) => j.name === inst.step.job) : undefined;
    const services = job?.services;
    if (!services?.length || jobKey === undefined) return type;
    const wrapped = Object.create(type) as StepType & { run: StepType['run'] };
    wrapped.run = async (ctx: StepContext): Promise<StepOutcome> => {
      refuseKubernetes(ctx);
      const started = await this.ensure(jobKey, job!, host, ctx);
      const byName = ctx.executor.kind === 'container';
      const endpoints: Record<string, ServiceEndpoint> = byName ? Object.fromEntries(services.map((s) => [s.name, endpointOf(s, false)])) : started.endpoints;
      exposeServices(type, ctx, host, endpoints, byName ? started.network : undefined);
      return type.run(ctx);
    };
    return wrapped;
  }

  private ensure(jobKey: string, job: Job, host: ServicesHost, ctx: StepContext): Promise<StartedServices> {
    let started = this.running.get(jobKey);
    if (!started) {
      const services = job.services!;
      started = (async () => {
        const docker = await serviceEngine(host, ctx);
        const plan = planServices({ runId: ctx.runId, step: jobKey, attempt: 0, services, publish: true, env: serviceEnvValues(services, ctx) });
        return startServices(docker, plan, true, serviceCallbacks(host, ctx));
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
    const stopped = started.then((s) => s.stop(), () => undefined);
    this.stopping.push(stopped);
    return stopped;
  }

  /** Resolves once every job instance's services are gone, stopping any still running. */
  async drain(): Promise<void> {
    for (const key of [...this.running.keys()]) void this.stop(key);
    await Promise.all(this.stopping);
  }
}
