import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';

import { StreamController } from '../stream/stream.controller';
import { MarketsController } from './markets.controller';
import { OPENAPI_DOCUMENT } from './openapi.document';

/** `method path` of every route the API controllers serve, in OpenAPI path syntax. */
function controllerRoutes(): string[] {
  const routes: string[] = [];
  for (const controller of [MarketsController, StreamController]) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller));
    const prototype = controller.prototype as unknown as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (typeof handler !== 'function' || name === 'constructor') continue;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (path === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const full = `/${[base, path].filter((part) => part !== '/' && part !== '').join('/')}`;
      routes.push(`${String(method).toLowerCase()} ${full.replace(/:([a-zA-Z]+)/g, '{$1}')}`);
    }
  }
  return routes.sort();
}

describe('OpenAPI document', () => {
  it('documents exactly the routes the controllers serve', () => {
    const documented = Object.entries(OPENAPI_DOCUMENT.paths)
      .flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`))
      .sort();
    expect(documented).toEqual(controllerRoutes());
  });

  it('declares every path parameter it uses', () => {
    for (const [path, item] of Object.entries(OPENAPI_DOCUMENT.paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      for (const operation of Object.values(item)) {
        const parameters: readonly { in: string; name: string }[] =
          'parameters' in operation ? operation.parameters : [];
        const declared = parameters
          .filter((parameter) => parameter.in === 'path')
          .map((parameter) => parameter.name);
        expect({ path, declared }).toEqual({ path, declared: names });
      }
    }
  });
});
