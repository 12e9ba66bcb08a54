/**
 * Trigger validation (validateTrigger in src/engine/services/triggers.ts): the stored form of a valid
 * trigger, and every issue of an invalid one, with its path and message.
 */
import { describe, expect, test } from 'vitest';
import { ValidationError, type Issue } from '../../src/engine/domain/errors.js';
import { validateTrigger, type TriggerInput } from '../../src/engine/services/triggers.js';
import { NOW } from './triggers-fixtures.js';

describe('validateTrigger', () => {
  const issuesOf = (input: TriggerInput, path?: string): Issue[] => {
    try {
      validateTrigger(input, NOW, path);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).code).toBe('BAD_USER_INPUT');
      return (error as ValidationError).issues;
    }
    throw new Error(`accepted ${JSON.stringify(input)}`);
  };
  const one = (path: string, message: string): Issue[] => [{ path, message }];

  test('the stored form: defaults to UTC, trims the cron, accepts nulls for other kinds\' fields', () => {
    expect(validateTrigger({ kind: 'CRON', cron: '  0 9 * * *  ', intervalSeconds: null, at: null, timezone: null }, NOW)).toEqual({
      kind: 'CRON',
      cron: '0 9 * * *',
      timezone: 'UTC',
    });
    expect(validateTrigger({ kind: 'INTERVAL', intervalSeconds: 60, timezone: 'Asia/Shanghai' }, NOW)).toEqual({
      kind: 'INTERVAL',
      intervalSeconds: 60,
      timezone: 'Asia/Shanghai',
    });
    expect(validateTrigger({ kind: 'ONCE', at: NOW + 1 }, NOW)).toEqual({ kind: 'ONCE', at: NOW + 1, timezone: 'UTC' });
    // Letter case is normalised; a link name is kept as written.
    expect(validateTrigger({ kind: 'INTERVAL', intervalSeconds: 60, timezone: 'asia/shanghai' }, NOW).timezone).toBe('Asia/Shanghai');
    expect(validateTrigger({ kind: 'INTERVAL', intervalSeconds: 60, timezone: 'US/Eastern' }, NOW).timezone).toBe('US/Eastern');
    for (const expr of ['0 0 L * *', '0 0 15W * *', '0 9 * * 1#2', '0 9 ? * MON-FRI', '@weekly', '0 0 12 * * *']) {
      expect(validateTrigger({ kind: 'CRON', cron: expr }, NOW).cron).toBe(expr);
    }
  });

  test('invalid cron expressions, with croner\'s reason', () => {
    expect(issuesOf({ kind: 'CRON', cron: '61 * * * *' })).toEqual(
      one('trigger.cron', 'invalid cron expression "61 * * * *": Invalid value for minute: 61'),
    );
    expect(issuesOf({ kind: 'CRON', cron: '*/0 * * * *' })).toEqual(
      one('trigger.cron', 'invalid cron expression "*/0 * * * *": Syntax error, illegal stepping: 0'),
    );
    expect(issuesOf({ kind: 'CRON', cron: '0 9 * * FOO' })[0]!.message).toMatch(/^invalid cron expression "0 9 \* \* FOO": /);
    expect(issuesOf({ kind: 'CRON', cron: '* * * *' })).toEqual(
      one('trigger.cron', 'invalid cron expression "* * * *": expected 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first; got 4'),
    );
    // No year field.
    expect(issuesOf({ kind: 'CRON', cron: '0 0 0 1 1 * 2030' })[0]!.message).toMatch(/got 7$/);
    // croner's Cron would read this as a one-off date; it is not a cron.
    expect(issuesOf({ kind: 'CRON', cron: '2026-03-01T10:00:00' })[0]!.message).toMatch(/^invalid cron expression .*got 1$/);
    expect(issuesOf({ kind: 'CRON', cron: '@fortnightly' })).toEqual(
      one('trigger.cron', 'invalid cron expression "@fortnightly": unknown nickname (use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)'),
    );
    expect(issuesOf({ kind: 'CRON', cron: '@reboot' })[0]!.message).toMatch(/^invalid cron expression "@reboot": @reboot is not supported/);
  });

  test('a cron that never fires', () => {
    expect(issuesOf({ kind: 'CRON', cron: '0 0 30 2 *' })).toEqual(
      one('trigger.cron', '"0 0 30 2 *" never fires (no matching date after 2026-01-01T00:00:00.000Z)'),
    );
  });

  test('cron missing on CRON, or given on another kind', () => {
    expect(issuesOf({ kind: 'CRON' })).toEqual(one('trigger.cron', 'is required for a CRON trigger'));
    expect(issuesOf({ kind: 'CRON', cron: '   ' })).toEqual(one('trigger.cron', 'is required for a CRON trigger'));
    expect(issuesOf({ kind: 'INTERVAL', intervalSeconds: 60, cron: '* * * * *' })).toEqual(
      one('trigger.cron', 'is only allowed for a CRON trigger, this one is INTERVAL'),
    );
    expect(issuesOf({ kind: 'ONCE', at: NOW + 60_000, cron: '* * * * *' })).toEqual(
      one('trigger.cron', 'is only allowed for a CRON trigger, this one is ONCE'),
    );
  });

  test('other kinds\' fields are rejected, not ignored', () => {
    expect(issuesOf({ kind: 'CRON', cron: '0 9 * * *', intervalSeconds: 60 })).toEqual(
      one('trigger.intervalSeconds', 'is only allowed for an INTERVAL trigger, this one is CRON'),
    );
    expect(issuesOf({ kind: 'CRON', cron: '0 9 * * *', at: NOW + 1 })).toEqual(
      one('trigger.at', 'is only allowed for a ONCE trigger, this one is CRON'),
    );
    expect(issuesOf({ kind: 'ONCE', at: NOW + 1, intervalSeconds: 60 })).toEqual(
      one('trigger.intervalSeconds', 'is only allowed for an INTERVAL trigger, this one is ONCE'),
    );
    expect(issuesOf({ kind: 'INTERVAL', intervalSeconds: 60, at: NOW + 1 })).toEqual(
      one('trigger.at', 'is only allowed for a ONCE trigger, this one is INTERVAL'),
    );
  });

  test('unknown time zone', () => {
    expect(issuesOf({ kind: 'CRON', cron: '0 9 * * *', timezone: 'Mars/Base' })).toEqual(
      one('trigger.timezone', 'unknown time zone "Mars/Base"'),
    );
    expect(issuesOf({ kind: 'INTERVAL', intervalSeconds: 60, timezone: '' })).toEqual(one('trigger.timezone', 'unknown time zone ""'));
    expect(issuesOf({ kind: 'INTERVAL', intervalSeconds: 60, timezone: '+05:00' })).toEqual(
      one('trigger.timezone', 'unknown time zone "+05:00"'),
    );
  });

  test('interval out of range or not whole seconds', () => {
    const range = one('trigger.intervalSeconds', 'must be from 1 to 31536000');
    expect(issuesOf({ kind: 'INTERVAL', intervalSeconds: 0 })).toEqual(range);
    expect(issuesOf({ kind: 'INTERVAL', intervalSeconds: -5 })).toEqual(range);
    expect(issuesOf({ kind: 'INTERVAL', intervalSeconds: 31_536_001 })).toEqual(range);
    expect(validateTrigger({ kind: 'INTERVAL', intervalSeconds: 1 }, NOW).intervalSeconds).toBe(1);
    expect(validateTrigger({ kind: 'INTERVAL', intervalSeconds: 31_536_000 }, NOW).intervalSeconds).toBe(31_536_000);
    expect(issuesOf({ kind: 'INTERVAL', intervalSeconds: 1.5 })).toEqual(one('trigger.intervalSeconds', 'must be a whole number of seconds'));
    expect(issuesOf({ kind: 'INTERVAL', intervalSeconds: Number.NaN })).toEqual(one('trigger.intervalSeconds', 'must be a whole number of seconds'));
    expect(issuesOf({ kind: 'INTERVAL' })).toEqual(one('trigger.intervalSeconds', 'is required for an INTERVAL trigger'));
  });

  test('ONCE without `at`, or with `at` in the past', () => {
    expect(issuesOf({ kind: 'ONCE' })).toEqual(one('trigger.at', 'is required for a ONCE trigger'));
    expect(issuesOf({ kind: 'ONCE', at: NOW - 1 })).toEqual(one('trigger.at', 'is in the past'));
    expect(issuesOf({ kind: 'ONCE', at: NOW })).toEqual(one('trigger.at', 'is in the past'));
    expect(issuesOf({ kind: 'ONCE', at: Number.NaN })).toEqual(one('trigger.at', 'is not a valid instant'));
  });

  test('unknown kind', () => {
    expect(issuesOf({ kind: 'WEEKLY' as never })).toEqual(one('trigger.kind', 'must be one of CRON, INTERVAL, ONCE'));
  });

  test('every problem at once, under the caller\'s path, in the error message too', () => {
    let caught: unknown;
    try {
      validateTrigger({ kind: 'ONCE', cron: 'nope', timezone: 'Mars/Base' }, NOW, 'input.trigger');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).issues).toEqual([
      { path: 'input.trigger.timezone', message: 'unknown time zone "Mars/Base"' },
      { path: 'input.trigger.cron', message: 'is only allowed for a CRON trigger, this one is ONCE' },
      { path: 'input.trigger.at', message: 'is required for a ONCE trigger' },
    ]);
    expect((caught as ValidationError).message).toBe(
      'input.trigger.timezone: unknown time zone "Mars/Base"; input.trigger.cron: is only allowed for a CRON trigger, this one is ONCE; input.trigger.at: is required for a ONCE trigger',
    );
  });
});
