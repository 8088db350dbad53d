import { logLevel, type logCreator } from 'kafkajs';

/** The subset of Nest's LoggerService that kafkajs logs are sent to. */
export interface KafkaLogSink {
  error(message: unknown): void;
  warn(message: unknown): void;
  log(message: unknown): void;
  debug?(message: unknown): void;
}

/** kafkajs level for a pino level: kafkajs has no trace, and INFO is its normal chatter. */
export function kafkaLogLevel(pinoLevel: string): logLevel {
  switch (pinoLevel) {
    case 'silent':
      return logLevel.NOTHING;
    case 'fatal':
    case 'error':
      return logLevel.ERROR;
    case 'warn':
      return logLevel.WARN;
    case 'debug':
    case 'trace':
      return logLevel.DEBUG;
    default:
      return logLevel.INFO;
  }
}

/**
 * Routes kafkajs's own log lines into the service's logger (pino via nestjs-pino) as structured
 * entries, instead of kafkajs's console JSON, so one log stream and one format remain.
 */
export function kafkaLogCreator(sink: KafkaLogSink): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
      const entry = { msg: message, kafka: { namespace, ...fields } };
      switch (level) {
        case logLevel.ERROR:
        case logLevel.NOTHING:
          sink.error(entry);
          break;
        case logLevel.WARN:
          sink.warn(entry);
          break;
        case logLevel.DEBUG:
          sink.debug?.(entry);
          break;
        default:
          sink.log(entry);
      }
    };
}
