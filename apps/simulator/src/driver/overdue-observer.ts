import type { Reader } from './reader.js';

const GRACE_MS = 5 * 60_000;

/**
 * Watches, at every simulated step, for welfare checks more than five minutes overdue: each such
 * episode (the stay and the due time it passed) must by then have its welfare_check_overdue alert,
 * raised no later than five minutes after the due time. An episode ends only with an event (a check
 * recorded, a departure), and events happen at steps, so looking at every step sees every episode
 * that lasted past its five minutes.
 */
export class OverdueObserver {
  /** Episodes that broke the rule, by episode key. */
  readonly unalerted: string[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly reader: Reader) {}

  async observe(at: number): Promise<void> {
    const rows = await this.reader.query<{ id: string; due: Date }>(
      'overdue_checks',
      `SELECT id, next_welfare_check_due AS due FROM stays WHERE checked_out_at IS NULL AND next_welfare_check_due < $1`,
      [new Date(at - GRACE_MS)],
    );
    const episodes = rows.map((row) => ({ key: `welfare_check_overdue:${row.id}:${row.due.toISOString()}`, due: row.due.getTime() })).filter((episode) => !this.seen.has(episode.key));
    if (episodes.length === 0) return;
    const alerts = await this.reader.query<{ episode_key: string; raised_at: Date }>('overdue_alerts', `SELECT episode_key, raised_at FROM alerts WHERE episode_key = ANY($1)`, [
      episodes.map((episode) => episode.key),
    ]);
    const raised = new Map(alerts.map((alert) => [alert.episode_key, alert.raised_at.getTime()]));
    for (const episode of episodes) {
      this.seen.add(episode.key);
      const at = raised.get(episode.key);
      if (at === undefined || at > episode.due + GRACE_MS) this.unalerted.push(episode.key);
    }
  }
}
