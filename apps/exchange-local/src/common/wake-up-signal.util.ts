/**
 * A signal from request handlers to a background runner of the same process, so started work
 * begins at once instead of at the next poll. Other processes find the work by polling.
 */
export class WakeUpSignal {
  private readonly listeners = new Set<() => void>();

  nudge(): void {
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
