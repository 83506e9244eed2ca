/**
 * How every browser run here starts Debian's Chromium (the e2e tests and the benchmarks alike): Playwright's own
 * browsers are never downloaded, and the background-networking flags keep Chromium off this machine's closed network.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
