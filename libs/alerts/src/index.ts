export * from './alert.entity.js';
export * from './alerts.module.js';
export * from './alerts.service.js';
export * from './alert-escalation.entity.js';
export * from './alert-escalation.service.js';
