// A tiny kiosk back end for the example: serves the screen (bundled with esbuild from screen.ts)
// and appends the events the screen posts to a consent store, after checking their evidence.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type ConsentStore, createMemoryConsentStore } from '@aisle/consent';
import { type ConsentFlowResult, verifyConsentEvidence } from '@aisle/consent/flow';
import { build } from 'esbuild';
import { notice } from './notice';

const LIMIT = 256 * 1024; // largest request body accepted (a flow's events and evidence are a few kB)

/** The running kiosk back end. */
export interface KioskServer {
  readonly url: string;
  readonly store: ConsentStore;
  close(): Promise<void>;
}

/** Starts the back end on 127.0.0.1 (`port` 0: any free port). */
export async function startKioskServer(options: { readonly port?: number } = {}): Promise<KioskServer> {
  const out = await build({
    entryPoints: [fileURLToPath(new URL('./screen.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@aisle/source'],
    write: false,
    logLevel: 'silent',
  });
  const script = out.outputFiles[0]?.text ?? '';
  const html = readFileSync(fileURLToPath(new URL('../public/index.html', import.meta.url)), 'utf8');
  const store = createMemoryConsentStore({ catalogue: notice.catalogue });
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && (req.url === '/' || req.url?.startsWith('/?'))) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (req.method === 'GET' && req.url === '/screen.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else if (req.method === 'POST' && req.url === '/events') {
      let size = 0;
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > LIMIT) req.destroy();
        else chunks.push(chunk);
      });
      req.on('end', async () => {
        try {
          const result = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ConsentFlowResult;
          const check = verifyConsentEvidence({ evidence: result.evidence, events: result.events });
          if (!check.ok) {
            res.writeHead(422, { 'content-type': 'application/json' }).end(JSON.stringify(check));
            return;
          }
          for (const event of result.events) await store.append(event);
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ appended: result.events.length }));
        } catch (error) {
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
        }
      });
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    store,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const kiosk = await startKioskServer({ port: Number(process.env.PORT ?? 8080) });
  console.log(`Kiosk screen at ${kiosk.url}/?lang=zh-CN (staff S-014); events are appended to the store. Ctrl-C to stop.`);
}
