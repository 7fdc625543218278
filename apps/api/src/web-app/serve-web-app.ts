import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Serves the built web workspace at `/`, with index.html for every client-side route.
 * Paths under /api stay with the api.
 */
export function serveWebApp(app: INestApplication, webDist: string): void {
  const root = resolve(webDist);
  const index = join(root, 'index.html');
  app.use(
    express.static(root, {
      index: false,
      setHeaders: (res, path) => {
        res.setHeader('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api')) return next();
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send(`The web workspace is not built yet. Run "npm run build:web" (looked in ${root}).`);
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
