import { Injectable, type OnApplicationShutdown } from '@nestjs/common';

/** Closes what the UI middleware opened (the session store's pool) when the app stops. */
@Injectable()
export class UiCloser implements OnApplicationShutdown {
  private closers: (() => Promise<void>)[] = [];

  register(close: () => Promise<void>): void {
    this.closers.push(close);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.closers.map((close) => close()));
  }
}
