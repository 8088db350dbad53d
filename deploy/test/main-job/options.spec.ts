import { parseOptions, RECORDED_VENUES } from '../../main-job/options';

const NOW = new Date('2026-11-28T01:00:00Z');

describe('main job options', () => {
  it('has a default for everything: the recorded venues, yesterday, keep running', () => {
    expect(parseOptions([], NOW)).toEqual({
      venues: RECORDED_VENUES,
      speed: 3,
      playSeconds: 60,
      date: '2026-11-27',
      keepRunning: true,
      isolated: false,
      help: false,
    });
  });

  it('reads each option, in both spellings of a value', () => {
    const options = parseOptions(
      [
        '--venues',
        'okx,Bybit',
        '--speed=x10',
        '--play',
        '20',
        '--date',
        '2026-03-01',
        '--exit',
        '--isolated',
        '--port-offset=100',
      ],
      NOW,
    );
    expect(options).toMatchObject({
      venues: ['okx', 'bybit'],
      speed: 10,
      playSeconds: 20,
      date: '2026-03-01',
      keepRunning: false,
      isolated: true,
      portOffset: 100,
    });
    expect(parseOptions(['--no-keep-running'], NOW).keepRunning).toBe(false);
    expect(parseOptions(['-h'], NOW).help).toBe(true);
  });

  it('names the option that is wrong', () => {
    expect(() => parseOptions(['--venues', 'nasdaq'], NOW)).toThrow(/--venues/);
    expect(() => parseOptions(['--speed', 'fast'], NOW)).toThrow(/--speed/);
    expect(() => parseOptions(['--play', '2'], NOW)).toThrow(/--play/);
    expect(() => parseOptions(['--date', '2026-13-45'], NOW)).toThrow(/--date/);
    expect(() => parseOptions(['--venues', 'okx,okx'], NOW)).toThrow(/named twice/);
    expect(() => parseOptions(['--speed'], NOW)).toThrow('--speed needs a value');
    expect(() => parseOptions(['--frobnicate'], NOW)).toThrow('Unknown option "--frobnicate"');
  });
});
