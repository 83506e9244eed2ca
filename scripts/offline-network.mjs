// Loaded with `node --import` before a tool that would otherwise reach the internet (electronegativity looks for
// translations and Electron release notes online). Every connection to anything but this machine fails at once,
// so the audit runs offline and sends nothing anywhere.
import dns from 'node:dns';
import net from 'node:net';
import { syncBuiltinESMExports } from 'node:module';

const loopback = (host) => !host || host === 'localhost' || host === '::1' || /^127\./.test(host) || host === '[::1]';
const refused = (host) => Object.assign(new Error(`offline audit: no connection to ${host}`), { code: 'ENETUNREACH' });

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guarded(...args) {
  // net.connect() hands connect() its normalised arguments as an array: [options, callback].
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = typeof first === 'object' && first !== null ? first : { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
  if (!options.path && !loopback(options.host)) {
    process.nextTick(() => this.destroy(refused(options.host)));
    return this;
  }
  return connect.apply(this, args);
};
const lookup = dns.lookup;
dns.lookup = function guardedLookup(host, options, callback) {
  const done = typeof options === 'function' ? options : callback;
  if (!loopback(host)) return process.nextTick(() => done(refused(host)));
  return lookup.call(this, host, options, callback);
};
syncBuiltinESMExports();
