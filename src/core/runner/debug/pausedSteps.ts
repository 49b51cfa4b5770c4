// Which steps a debug session holds, by pipeline file: the debugger publishes here and the graph editor
// of that file listens, so neither knows the other and core stays free of vscode.
import { Emitter, type Disposable, type Event } from '../events/Emitter.js';
import type { HeldStep } from './DebugController.js';

/** What a session's controller offers to follow its holds (DebugController fits). */
export interface HoldSource {
  readonly onHeld: Event<HeldStep>;
  readonly onReleased: Event<HeldStep>;
  held(): HeldStep[];
}

export class PausedSteps {
  /** file → session → step ids it holds now (two sessions may debug one file). */
  private readonly byFile = new Map<string, Map<object, string[]>>();
  private readonly changed = new Emitter<string>();
  /** Fires with the file whose paused steps changed. */
  readonly onDidChange: Event<string> = this.changed.event;

  /** Step ids held in `file` by any session, each once. */
  pausedIn(file: string): string[] {
    return [...new Set([...(this.byFile.get(file)?.values() ?? [])].flat())];
  }

  /** Publishes `source`'s held steps for `file` until disposed; disposing clears them. */
  follow(file: string, source: HoldSource): Disposable {
    const owner = {};
    const publish = () => this.set(file, owner, source.held().map((h) => h.stepId));
    const subs = [source.onHeld(publish), source.onReleased(publish)];
    publish();
    return {
      dispose: () => {
        for (const s of subs) s.dispose();
        this.set(file, owner, []);
      },
    };
  }

  private set(file: string, owner: object, ids: string[]): void {
    const sessions = this.byFile.get(file) ?? new Map<object, string[]>();
    const before = sessions.get(owner) ?? [];
    if (before.length === ids.length && before.every((id, i) => id === ids[i])) return;
    if (ids.length) sessions.set(owner, ids);
    else sessions.delete(owner);
    if (sessions.size) this.byFile.set(file, sessions);
    else this.byFile.delete(file);
    this.changed.fire(file);
  }
}

/** The extension host's one hub: debug sessions and graph editors meet only here. */
export const pausedSteps = new PausedSteps();
