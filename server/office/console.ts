import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { AppContext } from '../context';
import { registerOfficeAccountRoutes } from '../routes/office';
import { registerOffice311Routes } from '../routes/office-311';
import { registerOfficeFleetRoutes } from '../routes/office-fleet';
import { registerOfficeDayRoutes } from '../routes/office-days';
import { registerOfficeVoiceRoutes } from '../routes/office-voice';
import { registerOfficeCatalogueRoutes } from '../routes/office-catalogue';
import { registerOfficeStaffRoutes } from '../routes/office-staff';
import { registerOfficeKpiRoutes } from '../routes/office-kpi';
import { DEFAULT_OFFICE_AUTH, OfficeAuth, type OfficeAuthOptions } from './auth';

export interface OfficeConsoleOptions {
  auth?: Partial<OfficeAuthOptions>;
  /** The built console page (out/office); served at /office/ when it exists. */
  staticDir?: string;
}

/** Wires the office console into the API: its session check in the route registry, its routes, its page. */
export async function registerOfficeConsole(app: FastifyInstance, ctx: AppContext, options: OfficeConsoleOptions): Promise<OfficeAuth> {
  const auth = new OfficeAuth(ctx.store, { ...DEFAULT_OFFICE_AUTH, ...options.auth }, ctx.now, ctx.timeZone);
  ctx.registry.consoleAuth = (request, role) => auth.authenticate(request, role);
  registerOfficeAccountRoutes(app, ctx, auth);
  registerOffice311Routes(app, ctx, auth);
  registerOfficeFleetRoutes(app, ctx, auth);
  registerOfficeDayRoutes(app, ctx);
  registerOfficeCatalogueRoutes(app, ctx, auth);
  registerOfficeStaffRoutes(app, ctx, auth);
  registerOfficeVoiceRoutes(app, ctx, auth);
  registerOfficeKpiRoutes(app, ctx);
  const dir = options.staticDir ? resolve(options.staticDir) : null;
  if (dir && existsSync(resolve(dir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: dir,
      prefix: '/office/',
      index: ['index.html'],
      setHeaders: (res) => {
        // The console page loads only its own scripts and styles, and may not be framed (clickjacking).
        res.header(
          'Content-Security-Policy',
          "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        );
        res.header('X-Frame-Options', 'DENY');
        res.header('Referrer-Policy', 'same-origin');
      },
    });
    app.get('/office', async (_request, reply) => reply.redirect('/office/'));
  }
  return auth;
}
