import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('./src/web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));
/** Where `npm run dev:web` sends /api; point it at another running server with KEHU_API_URL. */
const apiTarget = process.env.KEHU_API_URL ?? 'http://127.0.0.1:3000';

/** Ant Design and what it is built on (its rc-component parts, icons, dayjs for its pickers). */
const ANTD = /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|dayjs)[\\/]/;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Writes a brotli (`.br`) and a gzip (`.gz`) copy beside every text file of the build, at the
 * best (slowest) levels, once: the server sends the copy the browser accepts
 * (src/server/platform/http/web-ui.ts) instead of compressing on every request. Files under
 * 1 KB, and copies that would save less than a tenth, are left alone.
 */
function precompress(): Plugin {
  const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map|xml|wasm)$/;
  return {
    name: 'kehu-precompress',
    apply: 'build',
    async closeBundle() {
      const files = (await fs.readdir(outDir, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile() && COMPRESSIBLE.test(e.name))
        .map((e) => path.join(e.parentPath, e.name));
      await Promise.all(
        files.map(async (file) => {
          const data = await fs.readFile(file);
          if (data.length < 1024) return;
          const [br, gz] = await Promise.all([
            brotli(data, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
                [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
              },
            }),
            gzip(data, { level: zlib.constants.Z_BEST_COMPRESSION }),
          ]);
          if (br.length < data.length * 0.9) await fs.writeFile(`${file}.br`, br);
          if (gz.length < data.length * 0.9) await fs.writeFile(`${file}.gz`, gz);
        }),
      );
    },
  };
}

/**
 * The web UI. `npm run build:web` writes a static SPA to dist/web, which the API process
 * serves with an index.html fallback; `npm run dev:web` proxies /api to a running server.
 */
export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
            // What the app shell and the login page draw with (theme, layout, menu, form, button…):
            // needed before anything shows. The rest of Ant Design (table, pickers, trees, upload…)
            // is left to the bundler's own splitting, so it loads with the first page that uses it.
            { name: 'antd', test: ANTD, tags: ['$initial'] },
            // Charts load with the pages that draw them (funnel, forecast), not with every page.
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            { name: 'vendor', test: (id) => /node_modules[\\/]/.test(id) && !ANTD.test(id) },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
});
