// A test environment that compiles Svelte modules for the client, as the app runs them: the
// server build never runs effects, and the tests of loads (`*.svelte.test.ts`) are about what
// effects do. Nothing else of a browser is needed, so nothing is emulated.
import type { Environment } from 'vitest/environments';

export default {
  name: 'svelte-client',
  transformMode: 'web',
  setup: () => ({ teardown: () => {} }),
} satisfies Environment;
