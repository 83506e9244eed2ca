export interface LogSink {
  append(line: string): void;
}

export type LogLevel = 'info' | 'warn' | 'error';

/**
 * A line-per-event log file under the app's data folder (logs/kiosk.log). Messages are single-line JSON; nothing
 * personal is passed to it (the callers log events and reasons, never payloads).
 */
export function createLogger(sink: LogSink, now: () => Date) {
  const write = (level: LogLevel, message: string, fields: Record<string, unknown> = {}) => {
    sink.append(`${JSON.stringify({ time: now().toISOString(), level, message, ...fields })}\n`);
  };
  return {
    info: (message: string, fields?: Record<string, unknown>) => write('info', message, fields),
    warn: (message: string, fields?: Record<string, unknown>) => write('warn', message, fields),
    error: (message: string, fields?: Record<string, unknown>) => write('error', message, fields),
  };
}
export type Logger = ReturnType<typeof createLogger>;
