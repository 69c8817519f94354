import { ValidateIf } from 'class-validator';

/**
 * An optional field of a partial update: left out, it is not checked and keeps its value; sent,
 * even as null, it must pass the rules that follow (where `IsOptional` would let null through to
 * the database as "no value").
 */
export const IfGiven = () => ValidateIf((_: object, value: unknown) => value !== undefined);
