// Shared jest settings: swc transform (fast, keeps Nest decorator metadata),
// tsconfig path aliases, UTC clock. Each project calls this with its own root.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

process.env.TZ = 'UTC';

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace(/[/\-.]/g, '\\$&')}$`,
    path.join(__dirname, target),
  ]),
);

module.exports = function jestProject(projectRoot) {
  return {
    displayName: path.relative(__dirname, projectRoot),
    rootDir: projectRoot,
    testEnvironment: 'node',
    testMatch: [
      '<rootDir>/src/**/*.spec.ts',
      '<rootDir>/src/**/*.integration-spec.ts',
      '<rootDir>/test/**/*.spec.ts',
      '<rootDir>/test/**/*.integration-spec.ts',
    ],
    moduleFileExtensions: ['ts', 'js', 'json'],
    moduleNameMapper,
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          swcrc: false,
          jsc: {
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true },
            target: 'es2022',
            keepClassNames: true,
          },
          module: { type: 'commonjs' },
        },
      ],
    },
  };
};
