import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // A single-page app: Tauri serves one index.html and the router takes over.
    adapter: adapter({ fallback: 'index.html' }),
  },
};

export default config;
