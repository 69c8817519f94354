export * from './agenda-calendar.js';
export * from './agenda-kinds.js';
export * from './agenda-period.js';
export * from './agenda.module.js';
export * from './agenda.service.js';
export * from './calendar-feed.entity.js';
export * from './calendar-feed.service.js';
export * from './dto/agenda-query.dto.js';
