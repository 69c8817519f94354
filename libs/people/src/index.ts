export * from './dto/new-person.dto.js';
export * from './duplicate-scoring.js';
export * from './household.entity.js';
export * from './name-matching.js';
export * from './people.module.js';
export * from './people.service.js';
export * from './person-centre.entity.js';
export * from './person.entity.js';
