// Fast tests: no lab, no root needed. Files run in parallel workers.
export default {
  files: ['test/**/*.test.ts', '!test/e2e/**', '!test/lab/**'],
  typescript: { rewritePaths: { 'src/': 'dist/src/', 'checks/': 'dist/checks/', 'test/': 'dist/test/' }, compile: false },
  timeout: '60s',
};
