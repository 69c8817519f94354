import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { InboxService } from '@escale/inbox';
import { JobName, type JobPayloads } from '@escale/platform';

/** Puts the welcome message in a new user's inbox. */
@Injectable()
export class SendWelcomeMessageJob {
  constructor(private readonly inbox: InboxService) {}

  run(job: Job<JobPayloads[JobName.SendWelcomeMessage]>): Promise<void> {
    return this.inbox.sendWelcomeMessage(job.data.userId, job.id!);
  }
}
