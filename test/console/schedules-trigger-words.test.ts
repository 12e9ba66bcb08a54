/** The schedules page's words for triggers: common cron shapes, intervals, and the fallback. */
import { describe, expect, test } from 'vitest';
import { describeCron, describeTrigger } from '../../client/src/pages/schedules/trigger-words.js';

describe('describeCron', () => {
  test.each([
    ['0 9 * * *', 'At 09:00, every day'],
    ['30 14 * * *', 'At 14:30, every day'],
    ['0 9,17 * * *', 'At 09:00 and 17:00, every day'],
    ['* * * * *', 'Every minute'],
    ['*/5 * * * *', 'Every 5 minutes'],
    ['*/15 * * * 1-5', 'Every 15 minutes, on weekdays (Mon–Fri)'],
    ['0 * * * *', 'Every hour'],
    ['15 * * * *', 'Every hour at :15'],
    ['0 */2 * * *', 'Every 2 hours at :00'],
    ['0 9-17 * * *', 'Every hour from 09:00 to 17:00'],
    ['0 9 * * 1-5', 'At 09:00, on weekdays (Mon–Fri)'],
    ['0 9 * * MON-FRI', 'At 09:00, on weekdays (Mon–Fri)'],
    ['0 10 * * 0,6', 'At 10:00, on weekends'],
    ['0 9 * * 1,3', 'At 09:00, on Monday and Wednesday'],
    ['0 9 * * 0,1', 'At 09:00, on Monday and Sunday'],
    ['0 9 * * 7', 'At 09:00, on Sunday'],
    ['0 0 1 * *', 'At 00:00, on day 1 of the month'],
    ['0 0 1,15 * *', 'At 00:00, on days 1 and 15 of the month'],
    ['0 0 L * *', 'At 00:00, on the last day of the month'],
    ['0 0 15W * *', 'At 00:00, on the weekday nearest day 15 of the month'],
    ['0 9 * * 1#2', 'At 09:00, on the second Monday of the month'],
    ['0 18 * * 5L', 'At 18:00, on the last Friday of the month'],
    ['0 0 1 1 *', 'At 00:00, on January 1'],
    ['0 0 * 6 *', 'At 00:00, in June'],
    ['@daily', 'At 00:00, every day'],
    ['@hourly', 'Every hour'],
    ['@weekly', 'At 00:00, on Sunday'],
    ['*/10 * * * * *', 'Every 10 seconds'],
    ['30 0 9 * * *', 'At 09:00:30, every day'],
    ['0 0 9 * * *', 'At 09:00, every day'],
  ])('%s reads "%s"', (cron, words) => {
    expect(describeCron(cron)).toBe(words);
  });

  test.each(['0 9 1 * 1', '5-10/2 * * * *', 'nonsense', '0 9 * *', '1 2 3 4 5 6 7', '61 * * * *'])('%s has no words (shown as written)', (cron) => {
    expect(describeCron(cron)).toBeNull();
  });
});

describe('describeTrigger', () => {
  test('a cron in words, or as written when it has none', () => {
    expect(describeTrigger({ kind: 'CRON', cron: '0 9 * * *', timezone: 'Asia/Shanghai' })).toBe('At 09:00, every day');
    expect(describeTrigger({ kind: 'CRON', cron: '0 9 1 * 1', timezone: 'UTC' })).toBe('Cron 0 9 1 * 1');
  });

  test('an interval in the largest fitting units', () => {
    expect(describeTrigger({ kind: 'INTERVAL', intervalSeconds: 30, timezone: 'UTC' })).toBe('Every 30 s');
    expect(describeTrigger({ kind: 'INTERVAL', intervalSeconds: 300, timezone: 'UTC' })).toBe('Every 5 min');
    expect(describeTrigger({ kind: 'INTERVAL', intervalSeconds: 5400, timezone: 'UTC' })).toBe('Every 1 h 30 min');
    expect(describeTrigger({ kind: 'INTERVAL', intervalSeconds: 86_400, timezone: 'UTC' })).toBe('Every 1 day');
  });

  test('once', () => {
    expect(describeTrigger({ kind: 'ONCE', at: '2030-01-01T00:00:00Z', timezone: 'UTC' })).toBe('Once');
  });
});
