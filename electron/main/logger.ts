import type * as NodeFs from 'node:fs';

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

/**
 * The kiosk's log file, `<dir>/kiosk.log` (dir = `<userData>/logs`): the folder only the kiosk's user can enter
 * (0700), the file only it can read (0600).
 */
export function createFileSink(dir: string, fs: Pick<typeof NodeFs, 'mkdirSync' | 'appendFileSync' | 'chmodSync'>, join: (...parts: string[]) => string): LogSink & { file: string } {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  const file = join(dir, 'kiosk.log');
  return {
    file,
    append: (line) => fs.appendFileSync(file, line, { mode: 0o600 }),
  };
}
