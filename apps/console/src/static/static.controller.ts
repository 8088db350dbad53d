import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';

/** The page's files (`apps/console/public`), resolved from `src` or `dist` alike. */
export const PUBLIC_DIR = join(__dirname, '..', '..', 'public');

const ASSETS: Readonly<Record<string, string>> = {
  'console.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
};

/** Serves the page and its two assets, read once at start (they ship with the app). */
@Controller()
export class StaticController {
  private readonly files = new Map<string, Buffer>(
    ['index.html', ...Object.keys(ASSETS)].map((name) => [
      name,
      readFileSync(join(PUBLIC_DIR, name)),
    ]),
  );

  @Get()
  index(@Res() res: Response): void {
    res
      .type('text/html; charset=utf-8')
      .setHeader('cache-control', 'no-cache')
      .send(this.files.get('index.html'));
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() res: Response): void {
    const type = ASSETS[file];
    if (!type) throw new NotFoundException(`No asset ${file}.`);
    res.type(type).setHeader('cache-control', 'no-cache').send(this.files.get(file));
  }
}
