// Root config: one jest run over every project, so `npm test` ends with a single summary.
module.exports = {
  projects: [
    '<rootDir>/apps/*/jest.config.js',
    '<rootDir>/libs/*/jest.config.js',
    '<rootDir>/deploy/jest.config.js',
  ],
};
