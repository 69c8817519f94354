/** Something the simulated world does at a minute: a boat lands, staff do a round, a judge decides... */
export interface WorldEvent {
  at: number;
  label: string;
  run(): Promise<void>;
}

interface Entry extends WorldEvent {
  seq: number;
}

/** A min-heap of events by time, then by the order they were scheduled in, so runs are repeatable. */
export class EventQueue {
  private readonly heap: Entry[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Schedules at the start of the minute `at` falls in, never before `notBefore`. */
  schedule(at: number, label: string, run: () => Promise<void>, notBefore = 0): void {
    const minute = Math.max(Math.floor(at / 60_000) * 60_000, notBefore);
    this.push({ at: minute, label, run, seq: this.seq++ });
  }

  peekTime(): number | undefined {
    return this.heap[0]?.at;
  }

  /** The next event due at or before `time`, if any. */
  popDue(time: number): WorldEvent | undefined {
    const top = this.heap[0];
    if (!top || top.at > time) return undefined;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
    return top;
  }

  private push(entry: Entry): void {
    this.heap.push(entry);
    let i = this.heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(this.heap[i], this.heap[parent])) break;
      [this.heap[i], this.heap[parent]] = [this.heap[parent], this.heap[i]];
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.heap.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && this.before(this.heap[left], this.heap[smallest])) smallest = left;
      if (right < n && this.before(this.heap[right], this.heap[smallest])) smallest = right;
      if (smallest === i) return;
      [this.heap[i], this.heap[smallest]] = [this.heap[smallest], this.heap[i]];
      i = smallest;
    }
  }

  private before(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
}
