// Loaded into the benchmarked server (node --import): on request from the bench, records the
// SQL statements and parameters the server sends to PostgreSQL while one request runs, so the
// bench can issue exactly the same database work through pg directly, without the framework.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pg = require('pg');
const original = pg.Client.prototype.query;
let captured = null;

pg.Client.prototype.query = function query(config, values, callback) {
  if (captured) {
    const text = typeof config === 'string' ? config : config?.text;
    const params = Array.isArray(values) ? values : config?.values;
    if (text) captured.push({ text, values: params ?? [] });
  }
  return original.call(this, config, values, callback);
};

process.on('message', (message) => {
  if (message?.capture === 'start') captured = [];
  if (message?.capture === 'stop') {
    process.send?.({ captured: captured ?? [] });
    captured = null;
  }
});
