// A plain static host for the single-page app's dist/: files by path, and index.html for any
// path that is not a file (the fallback rule every SPA host needs). Serves the .br copy to
// browsers that accept brotli, as a CDN would.
import { existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
};

export function staticHost(root: string): http.Server {
  return http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
    let file = path.join(root, path.normalize(urlPath));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      file = path.join(root, 'index.html');
    }
    const headers: Record<string, string> = { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' };
    if (/\bbr\b/.test(String(req.headers['accept-encoding'])) && existsSync(`${file}.br`)) {
      headers['Content-Encoding'] = 'br';
      file = `${file}.br`;
    }
    res.writeHead(200, headers);
    res.end(readFileSync(file));
  });
}
