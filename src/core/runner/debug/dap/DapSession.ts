// A Debug Adapter Protocol session over the runner's control surface (DebugController): requests in,
// responses and events out, no vscode import. Threads are held step instances, each with one frame
// (the step, at its id line); scopes are the instance's masked expression context; evaluate and
// setVariable go through the controller, so secrets stay masked and edits are recorded. Step output
// goes to the Debug Console as the runner masked it; a failed step held by breakOnFailure stops as an
// exception whose frame restarts (runs the step again).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parsePipeline } from '../../../pipeline/index.js';
import type { ParsedPipeline } from '../../../pipeline/model.js';
import { LineIndex } from '../../../pipeline/lineIndex.js';
import { runPipeline } from '../../DagRunner.js';
import type { RunHandle, RunOptions } from '../../runTypes.js';
import { stepsAtLines } from '../breakpointLines.js';
import { parseHitCondition, type StepBreakpoint } from '../BreakpointSet.js';
import { DebugController, type ContextSnapshot, type HeldStep } from '../DebugController.js';
import type { PausedSteps } from '../pausedSteps.js';
import type { Disposable } from '../../events/Emitter.js';
import type { DapMessage, DapRequest, LaunchArgs, SourceBreakpointArgs } from './dapMessages.js';
import { StepOutput } from './stepOutput.js';

/** The exception filter shown in the Breakpoints view; the `breakOnFailure` launch attribute turns it on too. */
const FAILURE_FILTER = 'failure';

/** Scopes shown for a frame, in order: snapshot field and title. */
const SCOPES: ReadonlyArray<[keyof ContextSnapshot, string]> = [
  ['failure', 'Failure'],
  ['params', 'Params'],
  ['steps', 'Steps'],
  ['env', 'Env'],
  ['secrets', 'Secrets'],
  ['matrix', 'Matrix'],
  ['jobs', 'Jobs'],
  ['ci', 'CI'],
];

/** What a variables reference points at: a value under a path of an instance's snapshot. */
interface VarRef {
  key: string;
  path: string[];
}

export class DapSession {
  private seq = 1;
  private readonly debug = new DebugController();
  private parsed: ParsedPipeline | undefined;
  private file = '';
  private launch: LaunchArgs | undefined;
  private runHandle: RunHandle | undefined;
  private stops = 0;
  private readonly threadIds = new Map<string, number>();
  private readonly threadKeys = new Map<number, string>();
  private refs: VarRef[] = [];
  private failureFilter = false;
  /** Why the next stop that is not at a breakpoint happens: the client asked to pause or to step. */
  private asked: 'pause' | 'step' | undefined;
  private publishing: Disposable | undefined;

  constructor(
    private readonly send: (m: DapMessage) => void,
    /** Store, secrets, approver and the rest of how runs start here. */
    private readonly runOptions: (file: string) => RunOptions = () => ({}),
    /** Told of each run the session starts (the editor records it in the audit trail, as its other runs). */
    private readonly onRunStarted?: (run: RunHandle, file: string, pipelineName: string | undefined) => void,
    /** Told of each stop, after the client (the editor brings the run's log forward on a failure). */
    private readonly onStopped?: (held: HeldStep) => void,
    /** Where the held steps of the launched file are published (the graph editor shows them paused). */
    private readonly paused?: PausedSteps,
  ) {
    this.debug.onHeld((h) => {
      // Variables references live only while stopped.
      this.refs = [];
      const threadId = this.threadOf(h.key);
      if (h.problem) this.event('output', { category: 'console', output: `${h.problem}\n` });
      if (h.failure) {
        const what = `${h.key} ${h.failure.status}${h.failure.reason ? `: ${h.failure.reason}` : ''}`;
        this.event('stopped', { reason: 'exception', threadId, allThreadsStopped: false, description: `${h.key} ${h.failure.status}`, text: `${what} (Restart Frame runs it again, Continue lets the failure stand)` });
      } else {
        const reason = this.stops === 0 && this.launch?.stopOnEntry ? 'entry' : (this.asked ?? 'breakpoint');
        this.asked = undefined;
        this.event('stopped', { reason, threadId, allThreadsStopped: false, description: `before ${h.key}` });
      }
      this.stops++;
      this.onStopped?.(h);
    });
    this.debug.onLogpoint((l) => this.event('output', { category: 'console', output: `[${l.key}] ${l.text}\n` }));
  }

  /** Handles one request; errors become failed responses with one-line messages. */
  async handle(r: DapRequest): Promise<void> {
    try {
      this.respond(r, await this.dispatch(r));
      // Breakpoints map to steps through the parsed file: the client may send them once it is read.
      if (r.command === 'launch') this.event('initialized');
    } catch (e) {
      this.respond(r, undefined, e instanceof Error ? e.message : String(e));
    }
  }

  /** Cancels the run as Stop does (held steps let go, nothing held again): for an owner that goes away without a disconnect. */
  cancel(reason: string): void {
    this.debug.cancel(reason);
    this.publishing?.dispose();
    this.publishing = undefined;
  }

  /** The run's handle once configuration is done (tests wait on `done`). */
  get run(): RunHandle | undefined {
    return this.runHandle;
  }

  private async dispatch(r: DapRequest): Promise<unknown> {
    const a = r.arguments ?? {};
    switch (r.command) {
      case 'initialize':
        return {
          supportsConfigurationDoneRequest: true,
          supportsSetVariable: true,
          supportTerminateDebuggee: true,
          supportsConditionalBreakpoints: true,
          supportsHitConditionalBreakpoints: true,
          supportsLogPoints: true,
          supportsRestartFrame: true,
          exceptionBreakpointFilters: [{ filter: FAILURE_FILTER, label: 'Failed steps', description: 'Pause when a step fails (after its retries); Restart Frame runs it again', default: false }],
        };
      case 'launch':
        return this.doLaunch(a as unknown as LaunchArgs);
      case 'setBreakpoints':
        return this.setBreakpoints(a);
      case 'setExceptionBreakpoints':
        this.failureFilter = ((a.filters as string[] | undefined) ?? []).includes(FAILURE_FILTER);
        this.debug.setBreakOnFailure(this.failureFilter || !!this.launch?.breakOnFailure);
        return { breakpoints: [] };
      case 'configurationDone':
        return this.start();
      case 'threads':
        return { threads: this.debug.held().map((h) => ({ id: this.threadOf(h.key), name: h.key })) };
      case 'stackTrace':
        return this.stackTrace(Number(a.threadId));
      case 'scopes':
        return this.scopes(Number(a.frameId));
      case 'variables':
        return this.variables(Number(a.variablesReference));
      case 'evaluate':
        return this.evaluate(String(a.expression ?? ''), a.frameId);
      case 'setVariable':
        return this.setVariable(Number(a.variablesReference), String(a.name), String(a.value));
      case 'continue':
        this.asked = undefined;
        this.debug.continue();
        return { allThreadsContinued: true };
      case 'next':
        // Step over: let this instance start, and hold the next one that gets ready.
        this.asked = 'step';
        this.debug.pause();
        this.debug.release(this.keyOf(Number(a.threadId)));
        return undefined;
      case 'restartFrame':
        return this.restartFrame(Number(a.frameId));
      case 'pause':
        this.asked = 'pause';
        this.debug.pause();
        return undefined;
      case 'disconnect':
      case 'terminate':
        this.debug.cancel();
        return undefined;
      default:
        throw new Error(`unsupported request '${r.command}'`);
    }
  }

  private async doLaunch(args: LaunchArgs): Promise<void> {
    if (!args.pipeline) throw new Error('the launch configuration names no pipeline file');
    const text = await readFile(args.pipeline, 'utf8').catch(() => {
      throw new Error(`cannot read the pipeline file ${args.pipeline}`);
    });
    const parsed = parsePipeline(text, { file: args.pipeline });
    const first = parsed.diagnostics.find((d) => d.severity === 'error');
    if (first) throw new Error(`the pipeline has errors: ${first.message}`);
    this.parsed = parsed;
    this.file = args.pipeline;
    this.launch = args;
    this.publishing?.dispose();
    this.publishing = this.paused?.follow(resolve(args.pipeline), this.debug);
    if (args.stopOnEntry) this.debug.pause();
    this.debug.setBreakOnFailure(this.failureFilter || !!args.breakOnFailure);
  }

  private setBreakpoints(a: Record<string, unknown>): unknown {
    const parsed = this.need();
    const requested = (a.breakpoints as SourceBreakpointArgs[] | undefined) ?? [];
    const mapped = stepsAtLines(
      parsed,
      requested.map((b) => b.line - 1),
    );
    const onSteps: StepBreakpoint[] = [];
    const answers = mapped.map((b, i) => {
      const { condition, hitCondition, logMessage } = requested[i]!;
      if (!b.stepId) return { verified: false, line: b.line + 1, message: 'not inside a step' };
      if (hitCondition?.trim() && !parseHitCondition(hitCondition)) return { verified: false, line: b.stepLine! + 1, message: `hit count '${hitCondition}' is not a count: use 3, >= 3, == 3, > 3, < 3, <= 3 or % 3` };
      onSteps.push({ id: b.stepId, ...(condition?.trim() ? { condition } : {}), ...(hitCondition?.trim() ? { hitCondition } : {}), ...(logMessage !== undefined ? { logMessage } : {}) });
      return { verified: true, line: b.stepLine! + 1 };
    });
    this.debug.setBreakpoints(onSteps);
    return { breakpoints: answers };
  }

  private start(): void {
    const parsed = this.need();
    this.runHandle = runPipeline(parsed, { ...this.runOptions(this.file), params: this.launch?.params, trigger: 'debug', debug: this.debug });
    this.debug.attach(this.runHandle);
    this.onRunStarted?.(this.runHandle, this.file, parsed.pipeline.name);
    const output = new StepOutput();
    this.runHandle.onEvent((e) => {
      const body = output.format(e);
      if (body) this.event('output', body);
    });
    void this.runHandle.done.then(
      (s) => {
        this.event('output', { category: 'console', output: `run ${s.runId} ${s.status}\n` });
        this.ended(s.status === 'success' ? 0 : 1);
      },
      (e: unknown) => {
        this.event('output', { category: 'stderr', output: `${e instanceof Error ? e.message : String(e)}\n` });
        this.ended(1);
      },
    );
  }

  /** DAP's order for a debuggee that ends by itself: `exited` with its code, then `terminated`. */
  private ended(exitCode: 0 | 1): void {
    this.event('exited', { exitCode });
    this.event('terminated');
  }

  private stackTrace(threadId: number): unknown {
    const key = this.keyOf(threadId);
    const held = this.debug.held().find((h) => h.key === key);
    const step = this.need().pipeline.steps.concat(this.need().pipeline.finally).find((s) => s.id === held?.stepId);
    const line = step ? new LineIndex(this.need().text).positionAt(step.idRange.start).line + 1 : 1;
    const name = held?.failure ? `${key} (${held.failure.status}, attempt ${held.failure.attempt})` : key;
    return { stackFrames: [{ id: threadId, name, line, column: 1, source: { path: this.file }, canRestart: !!held?.failure }], totalFrames: 1 };
  }

  /** Runs a failed step again; the thread goes on (DAP's `continued`), stopping again if it fails again. */
  private restartFrame(frameId: number): void {
    const r = this.debug.restart(this.keyOf(frameId));
    if (!r.ok) throw r.error;
    this.event('continued', { threadId: frameId, allThreadsContinued: false });
  }

  private scopes(frameId: number): unknown {
    const key = this.keyOf(frameId);
    const snap = this.snapshot(key);
    return {
      scopes: SCOPES.filter(([f]) => snap[f] !== undefined).map(([f, name]) => ({ name, variablesReference: this.ref({ key, path: [f] }), expensive: false })),
    };
  }

  private variables(reference: number): unknown {
    const ref = this.refs[reference - 1];
    if (!ref) throw new Error('the variables are gone: the run went on');
    const value = valueAt(this.snapshot(ref.key), ref.path);
    const entries = value && typeof value === 'object' ? Object.entries(value as Record<string, unknown>) : [];
    return {
      variables: entries.map(([name, v]) => ({
        name,
        value: v !== null && typeof v === 'object' ? (Array.isArray(v) ? `[${v.length}]` : '{…}') : JSON.stringify(v),
        variablesReference: v !== null && typeof v === 'object' ? this.ref({ key: ref.key, path: [...ref.path, name] }) : 0,
      })),
    };
  }

  private evaluate(expression: string, frameId: unknown): unknown {
    const key = frameId !== undefined ? this.keyOf(Number(frameId)) : this.debug.held()[0]?.key;
    if (!key) throw new Error('no step is paused: expressions are evaluated in a paused step');
    const r = this.debug.evaluate(key, expression);
    if (!r.ok) throw r.error;
    return { result: typeof r.value === 'string' ? r.value : JSON.stringify(r.value), variablesReference: 0 };
  }

  /** Params (`Params` scope) and a finished step's outputs (`Steps` > step > outputs) can be set. */
  private setVariable(reference: number, name: string, text: string): unknown {
    const ref = this.refs[reference - 1];
    if (!ref) throw new Error('the variables are gone: the run went on');
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // A bare word is a string.
    }
    const p = ref.path;
    const edit =
      p.length === 1 && p[0] === 'params'
        ? ({ kind: 'param', name, value } as const)
        : p.length === 3 && p[0] === 'steps' && p[2] === 'outputs'
          ? ({ kind: 'output', step: p[1]!, name, value: typeof value === 'string' ? value : JSON.stringify(value) } as const)
          : undefined;
    if (!edit) throw new Error('only params and step outputs can be changed');
    const r = this.debug.edit(ref.key, edit);
    if (!r.ok) throw r.error;
    return { value: JSON.stringify(edit.value) };
  }

  private snapshot(key: string): ContextSnapshot {
    const s = this.debug.snapshot(key);
    if (!s.ok) throw s.error;
    return s.value;
  }

  private ref(r: VarRef): number {
    this.refs.push(r);
    return this.refs.length;
  }

  private threadOf(key: string): number {
    let id = this.threadIds.get(key);
    if (id === undefined) {
      id = this.threadIds.size + 1;
      this.threadIds.set(key, id);
      this.threadKeys.set(id, key);
    }
    return id;
  }

  private keyOf(threadId: number): string {
    const key = this.threadKeys.get(threadId);
    if (key === undefined) throw new Error(`no thread ${threadId}`);
    return key;
  }

  private need(): ParsedPipeline {
    if (!this.parsed) throw new Error('launch first');
    return this.parsed;
  }

  private respond(r: DapRequest, body: unknown, error?: string): void {
    this.send({ seq: this.seq++, type: 'response', request_seq: r.seq, command: r.command, success: !error, ...(error ? { message: error } : {}), ...(body !== undefined ? { body } : {}) });
  }

  private event(event: string, body?: unknown): void {
    this.send({ seq: this.seq++, type: 'event', event, ...(body !== undefined ? { body } : {}) });
  }
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  let v = root;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}
