// Writes NAME.br and NAME.gz beside every .html, .js, .css and .wasm file under a folder, at
// the strongest settings (Node's own zlib: no extra tool to install).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const root = process.argv[2];
for (const name of readdirSync(root, { recursive: true })) {
  const file = path.join(root, name);
  if (!/\.(html|js|css|wasm)$/.test(file) || !statSync(file).isFile()) continue;
  const data = readFileSync(file);
  const brotli = zlib.brotliCompressSync(data, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  });
  writeFileSync(`${file}.br`, brotli);
  writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
}
