// The liveblog's React app, built into dist/ for Django to serve at /blog-react/<id>/
// (liveblog/react_page.py): same origin as the socket, so the session cookie is the auth.
//
// The app is a workspace of ../../client-ts, whose node_modules hold its packages: they are
// named here, and @djwire/* as their sources (no dist/ to build first). No import of vite:
// this config is read from a folder with no node_modules of its own.
import { fileURLToPath } from "node:url";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const modules = here("../../client-ts/node_modules/");

export default {
  base: "/blog-react/",
  esbuild: { jsx: "automatic" },
  resolve: {
    alias: {
      "@djwire/client": here("../../client-ts/packages/client/src/index.ts"),
      "@djwire/react": here("../../client-ts/packages/react/src/index.ts"),
      "react-dom": `${modules}react-dom`,
      react: `${modules}react`,
    },
  },
  build: { outDir: "dist", emptyOutDir: true },
  logLevel: "warn",
};
