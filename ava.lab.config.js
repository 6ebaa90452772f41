// Lab tests share one set of namespace names and addresses, so files run one at a time.
export default {
  files: ['test/e2e/**/*.test.ts', 'test/lab/**/*.test.ts'],
  typescript: { rewritePaths: { 'src/': 'dist/src/', 'checks/': 'dist/checks/', 'test/': 'dist/test/' }, compile: false },
  concurrency: 1,
  serial: true,
  timeout: '5m',
};
