// A minimal typed event emitter in the shape of VS Code's `Event<T>`: subscribing returns a
// disposable, and one throwing listener never starves the others.

/** Something that holds a resource and releases it on `dispose()`. */
export interface Disposable {
  dispose(): void;
}

/** Subscribes a listener; the returned {@link Disposable} unsubscribes it. */
export type Event<T> = (listener: (e: T) => void) => Disposable;

/** Fires events of type T to every current listener, synchronously and in subscription order. */
export class Emitter<T> implements Disposable {
  private listeners: Array<(e: T) => void> = [];
  private disposed = false;

  constructor(private readonly onListenerError: (e: unknown) => void = () => {}) {}

  /** The public side: `emitter.event(listener)`. */
  readonly event: Event<T> = (listener) => {
    if (this.disposed) return { dispose() {} };
    this.listeners.push(listener);
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== listener);
      },
    };
  };

  /** Delivers `e` to every listener; a listener that throws is reported and the rest still run. */
  fire(e: T): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  get hasListeners(): boolean {
    return this.listeners.length > 0;
  }

  dispose(): void {
    this.disposed = true;
    this.listeners = [];
  }
}
