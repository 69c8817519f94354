export * from './mailer.service.js';
export * from './notice-delivery.entity.js';
export * from './notice-templates.js';
export * from './notice.entity.js';
export * from './notices.module.js';
export * from './notices.service.js';
export * from './outbox-reconciler.service.js';
