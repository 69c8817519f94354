/** Runs at most `size` searches at a time, in the order they were added. */
export class SearchQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  add<T>(work: () => Promise<T>): Promise<T> {
    const result = new Promise<T>((resolve, reject) => {
      const start = () => {
        this.running += 1;
        work()
          .then(resolve, reject)
          .finally(() => {
            this.running -= 1;
            this.waiting.shift()?.();
          });
      };
      if (this.running < this.size) start();
      else this.waiting.push(start);
    });
    // A search whose person turned out invalid is never awaited.
    result.catch(() => undefined);
    return result;
  }
}
