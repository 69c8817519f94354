import { EventQueue } from './event-queue.js';

describe('the event queue', () => {
  it('gives events by minute, then in the order they were scheduled, and none before its time', async () => {
    const queue = new EventQueue();
    const ran: string[] = [];
    const event = (label: string) => async () => void ran.push(label);
    queue.schedule(120_000 + 59_000, 'b', event('b'));
    queue.schedule(60_000, 'a', event('a'));
    queue.schedule(120_000, 'c', event('c'));
    queue.schedule(0, 'late', event('late'), 180_000);
    expect(queue.peekTime()).toBe(60_000);
    for (let next = queue.popDue(120_000); next; next = queue.popDue(120_000)) await next.run();
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(queue.popDue(179_999)).toBeUndefined();
    expect(queue.popDue(180_000)?.label).toBe('late');
    expect(queue.size).toBe(0);
  });
});
