import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// `npm run dev:web`: the app with hot reload, its API calls sent on to a running Parley.
const parley = process.env.PARLEY_URL ?? 'http://127.0.0.1:3000'

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/v1': { target: parley, changeOrigin: true },
      '/openapi.json': { target: parley, changeOrigin: true },
    },
  },
})
