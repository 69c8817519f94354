export * from './case-status-change.entity.js';
export * from './case.entity.js';
export * from './cases.module.js';
export * from './cases.service.js';
export * from './task.entity.js';
