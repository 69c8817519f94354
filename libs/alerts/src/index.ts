export * from './alert.entity.js';
export * from './alerts.module.js';
export * from './alerts.service.js';
