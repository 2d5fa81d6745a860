import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  // Svelte's client build under test (see src/test/client-env.ts).
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  // Svelte itself goes through Vite too, so `svelte` is its client entry, not Node's choice.
  // (Vitest 3 types its options against its own Vite, not the app's Vite 8: hence the spread.)
  ...({
    test: { environment: './src/test/client-env.ts', server: { deps: { inline: ['svelte'] } } },
  } as object),
  // Tauri expects a fixed port and shows Rust errors itself.
  clearScreen: false,
  server: { port: 5173, strictPort: true, watch: { ignored: ['**/src-tauri/**'] } },
});
