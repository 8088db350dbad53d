import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

const publicEntryPointOnly = {
  group: ['@tickline/*/*'],
  message: 'Import a library only through its public entry point (@tickline/<lib>).',
};

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/generated',
      '.stack',
      '.nx',
      'coverage',
      'tmp',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            {
              sourceTag: 'scope:server',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:server'],
            },
            // Tooling (deploy/) runs from sources with tsx before anything is built.
            { sourceTag: 'scope:tooling', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:domain'] },
            {
              sourceTag: 'type:data-access',
              onlyDependOnLibsWithTags: ['type:domain', 'type:data-access', 'type:testing'],
            },
            {
              sourceTag: 'type:util',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:data-access',
                'type:util',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:feature',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:data-access',
                'type:util',
                'type:feature',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:data-access',
                'type:util',
                'type:feature',
                'type:testing',
              ],
            },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [publicEntryPointOnly],
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Test support is for tests (and benchmarks) only: production code importing it fails lint.
    // This block replaces the rule above for the files it covers, so it repeats the entry-point
    // pattern; the files it ignores keep the rule above.
    files: ['**/*.ts'],
    ignores: [
      '**/*.spec.ts',
      '**/*.integration-spec.ts',
      '**/test/**',
      'libs/testing/**',
      'bench/**/*.bench.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            publicEntryPointOnly,
            {
              group: ['@tickline/testing'],
              message: 'Test support (@tickline/testing) may only be imported by tests.',
            },
          ],
        },
      ],
    },
  },
  prettier,
];
