import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { AppConfig } from '@escale/platform';

/** Sends email when SMTP_URL is configured; otherwise staff notices stay in the in-app inbox. */
@Injectable()
export class MailerService implements OnApplicationShutdown {
  private readonly transport?: Transporter;

  constructor(private readonly config: AppConfig) {
    if (config.smtpUrl) this.transport = nodemailer.createTransport(config.smtpUrl);
  }

  get enabled(): boolean {
    return Boolean(this.transport);
  }

  async send(message: { to: string; subject: string; html: string; messageId: string }): Promise<void> {
    if (!this.transport) return;
    await this.transport.sendMail({ from: this.config.mailFrom, to: message.to, subject: message.subject, html: message.html, messageId: message.messageId });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
