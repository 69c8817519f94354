import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { databaseUnavailable } from './database-errors.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
const failedQuery = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('databaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a server shutting down', failedQuery(withCode('terminating connection due to administrator command', '57P01'))],
    ['a server starting up', withCode('the database system is starting up', '57P03')],
    ['no free connection slot', withCode('sorry, too many clients already', '53300')],
    ['a connection exception', failedQuery(withCode('connection failure', '08006'))],
    ['a connection lost under a query', failedQuery(new Error('Connection terminated unexpectedly'))],
    ['a query runner released when its connection failed', new QueryRunnerAlreadyReleasedError()],
    ['a manager whose query runner was released', new QueryRunnerProviderAlreadyReleasedError()],
    ['every address refused', new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], 'connect failed')],
  ])('is true for %s', (_, error) => {
    expect(databaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', failedQuery(withCode('duplicate key value violates unique constraint', '23505'))],
    ['a syntax error', failedQuery(withCode('syntax error at or near "SELEC"', '42601'))],
    ['a query cancelled by its timeout', failedQuery(withCode('canceling statement due to statement timeout', '57014'))],
    ['any other error', new TypeError('x is undefined')],
    ['something that is not an error', 'ECONNREFUSED'],
  ])('is false for %s', (_, error) => {
    expect(databaseUnavailable(error)).toBe(false);
  });
});
