export * from './inbox-message.entity.js';
export * from './inbox.module.js';
export * from './inbox.service.js';
export * from './inbox-message-text.js';
