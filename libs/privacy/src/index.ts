export * from './data-classification.js';
export * from './dto/legal-hold.dto.js';
export * from './privacy.module.js';
export * from './retention-plan.js';
export * from './retention-run.entity.js';
export * from './retention.service.js';
export * from './subject-access.service.js';
