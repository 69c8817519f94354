export * from './audit-event.entity.js';
export * from './audit-chain.js';
export * from './audit-anchor.js';
export * from './audit-csv.js';
export * from './audit.service.js';
export * from './audit.module.js';
export * from './dto/audit-query.dto.js';
export * from './audit-actions.js';
