/**
 * The command line: `jobcenter serve | worker | api | token ...`.
 *   serve   the API, the executor and the console in one process (the default)
 *   worker  the executor only
 *   api     the API only, no executor
 *   token   create | list | revoke API tokens
 *   enqueue send jobs from a file or standard input to a running server (enqueueJobs)
 */
import { existsSync } from 'node:fs';
import { createApp, describeStore, openConfiguredStore, PluginLoadError } from './app.js';
import { ConfigError, loadConfig, parseFlags, type Mode } from './config.js';
import { DEFAULT_CONSOLE_DIR } from './console-assets.js';
import { DataDirLockedError } from './data-dir-lock.js';
import { JobcenterError, ValidationError } from './engine/domain/errors.js';
import { createLogger } from './engine/runtime/logger.js';
import { MongoSetupError } from './engine/store/mongo/index.js';
import { TokenService } from './engine/services/token-service.js';
import { expiresInDays } from './token-expiry.js';
import { readFileSync } from 'node:fs';
import { EnqueueCommandError, enqueueOverApi, parseEnqueueInputs } from './enqueue-command.js';

const HELP = `jobcenter: durable jobs for AI workloads

Usage:
  jobcenter serve [--port N] [--host H] [--data-dir DIR] [--concurrency N]   API + executor (default)
  jobcenter worker [--data-dir DIR] [--concurrency N]                         executor only
  jobcenter api [--port N] [--host H] [--data-dir DIR]                        API only
  jobcenter token create --org ORG --user USER --perm P1,P2 [--name NAME] [--expires-in-days N]
  jobcenter token list [--org ORG]
  jobcenter token revoke TOKEN_ID
  jobcenter enqueue [FILE|-] [--url URL] [--token SECRET] [--batch-size N]   jobs (JSON array or NDJSON)
                                                                              to a running server

Permissions: jobs:read jobs:write schedules:read schedules:write schedules:run schedules:delete
             llm:read audit:read admin
Every setting can also come from the environment; see the README.`;

async function main(argv: string[]): Promise<number> {
  const { env: flagEnv, rest } = parseFlags(argv);
  const command = rest[0] ?? 'serve';
  if (command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP);
    return 0;
  }
  if (command === 'token') return tokenCommand(rest.slice(1), flagEnv);
  if (command === 'enqueue') return enqueueCommand(rest.slice(1));
  if (command !== 'serve' && command !== 'worker' && command !== 'api') {
    console.error(`unknown command "${command}"\n\n${HELP}`);
    return 2;
  }
  return serve(command, flagEnv);
}

async function serve(mode: Mode, flagEnv: Record<string, string>): Promise<number> {
  const config = loadConfig(process.env, flagEnv, mode);
  const logger = createLogger({ level: config.logLevel });
  const app = await createApp(config, logger);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      logger.warn(`${signal} again: exiting now; running jobs will be recovered at next start`);
      process.exit(130);
    }
    stopping = true;
    logger.info(`${signal}: stopping (running jobs get ${config.executor.shutdownGraceMs} ms to finish)`);
    app.stop().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  const { url, adminSecret } = await app.start();
  const loaded = app.plugins.loaded.map((p) => `${p.name}@${p.version}`).join(', ') || 'none';
  const lines = [
    '',
    `jobcenter ${mode} is running (store: ${describeStore(config)})`,
    `  task plugins: ${loaded}`,
  ];
  if (url) {
    const origin = new URL(url).origin;
    lines.push(
      existsSync(`${DEFAULT_CONSOLE_DIR}/index.html`)
        ? `  console:      ${origin}/   (sign in with the admin token below)`
        : '  console:      not built (run `npm run build`, or start with `npm start`, which builds it)',
      `  GraphQL API:  ${url}${config.graphiql ? '   (open it in a browser for GraphiQL)' : ''}`,
    );
  }
  if (app.executor) lines.push(`  executor:     ${app.executor.workerId}, concurrency ${config.executor.concurrency}`);
  const providers = app.llm.providers.map((p) => (p === config.llm.defaultProvider ? `${p} (default)` : p)).join(', ');
  lines.push(`  LLM:          ${providers}${config.llm.defaultProvider === 'demo' ? '  (demo answers locally; configure a provider for real models)' : ''}`);
  if (adminSecret) {
    lines.push(
      `  admin token:  ${adminSecret}`,
      '                (shown once: it is stored hashed. Send it as "Authorization: Bearer <token>".)',
    );
  } else if (url) {
    lines.push(
      '  admin token:  made at first start and printed then; make another with',
      '                npm run jobcenter -- token create --org default --user admin --perm admin',
    );
  }
  console.log(`${lines.join('\n')}\n`);
  return -1; // keep running
}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  if (index >= 0) return args[index + 1];
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

/** Reads jobs from FILE (or stdin), sends them in enqueueJobs calls, prints each job id on a line. */
async function enqueueCommand(args: string[]): Promise<number> {
  const file = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1]!.startsWith('--') && !args[i - 1]!.includes('='))) ?? '-';
  const token = option(args, 'token') ?? process.env.JOBCENTER_TOKEN;
  if (!token) throw new EnqueueCommandError('give a token with jobs:write: --token SECRET or JOBCENTER_TOKEN');
  const url = option(args, 'url') ?? process.env.JOBCENTER_URL ?? `http://127.0.0.1:${process.env.PORT ?? 4000}/graphql`;
  const batchSize = option(args, 'batch-size');
  const inputs = parseEnqueueInputs(readFileSync(file === '-' ? 0 : file, 'utf8'));
  const ids = await enqueueOverApi(inputs, {
    url,
    token,
    ...(batchSize !== undefined && { batchSize: Number(batchSize) }),
    onBatch: (batch) => process.stdout.write(batch.map((id) => `${id}\n`).join('')),
    onRetry: (seconds) => console.error(`the server is busy (429): sending the call again in ${seconds} s`),
  });
  console.error(`${ids.length} jobs enqueued`);
  return 0;
}

async function tokenCommand(args: string[], flagEnv: Record<string, string>): Promise<number> {
  const config = loadConfig(process.env, flagEnv);
  const store = await openConfiguredStore(config, createLogger({ level: 'warn' }));
  const tokens = new TokenService(store);
  try {
    const sub = args[0];
    if (sub === 'create') {
      const days = option(args, 'expires-in-days') ?? (args.includes('--expires-in-days') ? '' : undefined);
      const name = option(args, 'name');
      const { secret, token } = await tokens.create({
        orgId: option(args, 'org') ?? '',
        userId: option(args, 'user') ?? '',
        permissions: (option(args, 'perm') ?? option(args, 'perms') ?? '').split(',').map((p) => p.trim()).filter(Boolean),
        ...(name !== undefined && { name }),
        ...(days !== undefined && { expiresAt: Date.now() + expiresInDays(days) * 86_400_000 }),
      });
      console.log(`token ${token.id} for ${token.userId} in org ${token.orgId}: ${token.permissions.join(', ')}`);
      console.log(secret);
      return 0;
    }
    if (sub === 'list') {
      const org = option(args, 'org');
      for (const t of await store.tokens.list(org)) {
        const state = t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt < Date.now() ? 'expired' : 'active';
        console.log(`${t.id}  ${t.orgId}/${t.userId}  ${t.permissions.join(',')}  ${state}${t.name ? `  ${t.name}` : ''}`);
      }
      return 0;
    }
    if (sub === 'revoke' && args[1]) {
      const done = await tokens.revoke(args[1]);
      console.log(done ? `revoked ${args[1]}` : `no active token ${args[1]}`);
      return done ? 0 : 1;
    }
    console.error(HELP);
    return 2;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error) => {
    if (error instanceof ValidationError) {
      console.error(`error: ${error.issues.map((i) => `--${i.path}: ${i.message}`).join('\n       ')}`);
    } else if (
      error instanceof ConfigError ||
      error instanceof DataDirLockedError ||
      error instanceof PluginLoadError ||
      error instanceof MongoSetupError ||
      error instanceof EnqueueCommandError ||
      error instanceof JobcenterError
    ) {
      console.error(`error: ${error.message}`);
    } else {
      console.error(error);
    }
    process.exit(1);
  },
);
