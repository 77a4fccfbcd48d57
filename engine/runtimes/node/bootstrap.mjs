// Lambdaform's Node.js runtime: loads the function's handler and serves
// invocations from the Lambda Runtime API, behaving as AWS's Node.js runtime
// does (handler resolution, error shapes, context object, console format).
// Built-in modules only.
import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

const API = '/2018-06-01/runtime';
const env = process.env;
const REQUEST_ID = Symbol.for('aws.lambda.runtime.requestId'); // read by tools such as Powertools
const CALLBACK_REMOVED =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';

const runtimeError = (name) =>
  class extends Error {
    get name() { return `Runtime.${name}`; }
  };
const ImportModuleError = runtimeError('ImportModuleError');
const HandlerNotFound = runtimeError('HandlerNotFound');
const MalformedHandlerName = runtimeError('MalformedHandlerName');
const UserCodeSyntaxError = runtimeError('UserCodeSyntaxError');
const CallbackHandlerDeprecated = runtimeError('CallbackHandlerDeprecated');
const UnhandledPromiseRejection = runtimeError('UnhandledPromiseRejection');
const NodeJsExit = runtimeError('NodeJsExit');

// --- Runtime API client: one keep-alive connection, no per-call setup -------

const [apiHost, apiPort] = env.AWS_LAMBDA_RUNTIME_API.split(/:(?=\d+$)/);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function call(method, urlPath, body, headers = {}, retry = true) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: apiHost.replace(/^\[|\]$/g, ''), port: apiPort, path: urlPath, method, headers, agent },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', (err) => {
      // The server may drop an idle keep-alive connection: retry once.
      if (retry && req.reusedSocket && err.code === 'ECONNRESET') {
        resolve(call(method, urlPath, body, headers, false));
      } else reject(err);
    });
    req.end(body);
  });
}

function post(urlPath, text, headers = {}) {
  const body = Buffer.from(text);
  return call('POST', urlPath, body, { 'Content-Type': 'application/json', 'Content-Length': body.length, ...headers });
}

// The error body AWS's runtime reports for anything thrown or passed to callback.
function toRapid(err) {
  if (err instanceof Error || (err && typeof err.stack === 'string' && typeof err.message === 'string')) {
    return { errorType: err.name, errorMessage: err.message, trace: String(err.stack).split('\n') };
  }
  return { errorType: typeof err, errorMessage: String(err), trace: [] };
}

const postError = (urlPath, err) => {
  const body = toRapid(err);
  return post(urlPath, JSON.stringify(body), { 'Lambda-Runtime-Function-Error-Type': body.errorType });
};

// --- console ------------------------------------------------------------------

const JSON_LOGS = env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === 'JSON';
const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

// Error fields and stack become JSON, as in AWS's records.
function errorFields(e) {
  return { errorType: e?.constructor?.name ?? 'UnknownError', errorMessage: e.message, stackTrace: typeof e.stack === 'string' ? e.stack.split('\n') : e.stack };
}
const jsonReplacer = (_k, v) => (v instanceof Error ? { ...errorFields(v), ...v } : v);

function jsonRecord(level, params) {
  const rec = { timestamp: new Date().toISOString(), level, requestId: globalThis[REQUEST_ID] };
  if (params.length === 1) {
    rec.message = params[0];
    try {
      return JSON.stringify(rec, jsonReplacer);
    } catch {
      rec.message = format(params[0]);
      return JSON.stringify(rec);
    }
  }
  rec.message = format(...params);
  const err = params.find((p) => p instanceof Error);
  return JSON.stringify(err ? { ...rec, ...errorFields(err) } : rec);
}

function writeLog(level, params) {
  const line = JSON_LOGS
    ? jsonRecord(level, params)
    : `${new Date().toISOString()}\t${globalThis[REQUEST_ID]}\t${level}\t${format(...params)}`;
  // One record per stdout line: AWS frames multi-line records as one event;
  // on stdout its runtime turns embedded newlines into carriage returns.
  process.stdout.write(line.replace(/\n/g, '\r') + '\n');
}

function patchConsole() {
  const min = Math.max(0, LEVELS.indexOf(env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase()));
  const emit = (level) => (LEVELS.indexOf(level) >= min ? (...p) => writeLog(level, p) : () => {});
  console.trace = emit('TRACE');
  console.debug = emit('DEBUG');
  console.info = console.log = emit('INFO');
  console.warn = emit('WARN');
  console.error = emit('ERROR');
  console.fatal = (...p) => writeLog('FATAL', p);
}

// How AWS's runtime logs an error it is about to report.
function logError(label, err) {
  if (JSON_LOGS) return console.error(err instanceof Error ? err : new Error(err));
  const e = err instanceof Error ? err : new Error(err);
  const text = JSON.stringify(e, (_k, v) =>
    v instanceof Error
      ? { errorType: v.name, errorMessage: v.message, code: v.code, ...v, ...(typeof v.stack === 'string' && { stack: v.stack.split('\n') }) }
      : v);
  console.error(label, '\t' + text);
}

// --- handler loading (AWS's resolution order) --------------------------------

const requireFrom = createRequire(import.meta.url);

function packageTypeIsModule(dir) {
  for (;;) {
    if (dir.endsWith('/node_modules')) return false;
    const pj = path.join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        return JSON.parse(readFileSync(pj, 'utf8'))?.type === 'module';
      } catch {
        return false;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}

const tryRequire = (file) => (existsSync(file) ? requireFrom(file) : undefined);
const tryImport = async (file) => (existsSync(file) ? import(pathToFileURL(file).href) : undefined);

async function loadModule(root, moduleRoot, name) {
  const base = path.resolve(root, moduleRoot, name);
  const esm = packageTypeIsModule(path.dirname(base));
  return (
    tryRequire(base) ??
    (!esm ? tryRequire(base + '.js') : undefined) ??
    (esm ? await tryImport(base + '.js') : undefined) ??
    (await tryImport(base + '.mjs')) ??
    tryRequire(base + '.cjs') ??
    requireFrom(requireFrom.resolve(name, { paths: [root, moduleRoot] }))
  );
}

async function loadHandler(root, spec) {
  if (spec.includes('..')) {
    throw new MalformedHandlerName(`'${spec}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`);
  }
  const file = path.basename(spec);
  const moduleRoot = spec.slice(0, spec.indexOf(file));
  const m = /^([^.]*)\.(.*)$/.exec(file);
  if (!m) throw new MalformedHandlerName('Bad handler');
  let mod;
  try {
    mod = await loadModule(root, moduleRoot, m[1]);
  } catch (e) {
    if (e instanceof SyntaxError) throw Object.assign(new UserCodeSyntaxError(String(e)), { stack: e.stack });
    if (e?.code === 'MODULE_NOT_FOUND') throw new ImportModuleError(String(e));
    throw e;
  }
  const fn = m[2].split('.').reduce((o, k) => o && o[k], mod);
  if (!fn) throw new HandlerNotFound(`${spec} is undefined or not exported`);
  if (typeof fn !== 'function') throw new HandlerNotFound(`${spec} is not a function`);
  if (fn.length >= 3 && env.AWS_EXECUTION_ENV >= 'AWS_Lambda_nodejs24') throw new CallbackHandlerDeprecated(CALLBACK_REMOVED);
  return fn;
}

// --- invocations ---------------------------------------------------------------

const parseHeader = (v, name) => {
  if (v === undefined) return undefined;
  try {
    return JSON.parse(v);
  } catch (e) {
    throw new Error(`Cannot parse ${name} as json: ${e}`);
  }
};

function contextFor(h, callbacks) {
  const deadline = Number(h['lambda-runtime-deadline-ms']);
  return Object.assign(callbacks, {
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: parseHeader(h['lambda-runtime-client-context'], 'ClientContext'),
    identity: parseHeader(h['lambda-runtime-cognito-identity'], 'CognitoIdentity'),
    invokedFunctionArn: h['lambda-runtime-invoked-function-arn'],
    awsRequestId: h['lambda-runtime-aws-request-id'],
    tenantId: h['lambda-runtime-aws-tenant-id'],
    getRemainingTimeInMillis: () => deadline - Date.now(),
  });
}

let onLoopEmpty = null; // what to do when the event loop drains mid-invocation

// Runs one invocation; resolves once its outcome has been posted.
function invoke(handler, next) {
  const h = next.headers;
  const id = h['lambda-runtime-aws-request-id'];
  const base = `${API}/invocation/${encodeURIComponent(id)}`;
  globalThis[REQUEST_ID] = id;
  if (h['lambda-runtime-trace-id']) env._X_AMZN_TRACE_ID = h['lambda-runtime-trace-id'];
  else delete env._X_AMZN_TRACE_ID;

  return new Promise((resolve) => {
    let finished = false;
    let waitForEmptyLoop = true;
    const finish = (send) => {
      if (finished) return;
      finished = true;
      onLoopEmpty = null;
      send().then(resolve, fatal);
    };
    const fail = (err) =>
      finish(() => {
        logError('Invoke Error', err);
        return postError(`${base}/error`, err);
      });
    const succeed = (result) => {
      let body;
      try {
        body = JSON.stringify(result === undefined ? null : result);
      } catch {
        return fail(new Error('Unable to stringify response body'));
      }
      finish(() => post(`${base}/response`, body));
    };
    const done = (err, result) => (err !== undefined && err !== null ? fail(err) : succeed(result));
    const callback = (err, result) => {
      if (err !== undefined && err !== null) return fail(err);
      // By default AWS answers a callback only once the event loop is empty.
      if (!waitForEmptyLoop) return succeed(result);
      onLoopEmpty = () => succeed(result);
    };
    const context = contextFor(h, {
      get callbackWaitsForEmptyEventLoop() { return waitForEmptyLoop; },
      set callbackWaitsForEmptyEventLoop(v) { waitForEmptyLoop = v; },
      done,
      succeed: (r) => done(null, r),
      fail: (e) => done(e ?? 'handled'),
    });
    // If the loop drains with no outcome: a sync handler answered null, an
    // async one left a promise that can never settle.
    const isAsync = handler.constructor?.name === 'AsyncFunction';
    onLoopEmpty = () => (isAsync ? fail(new NodeJsExit('Runtime exited without providing a reason')) : succeed(null));
    try {
      const result = handler(JSON.parse(next.body.toString('utf8')), context, callback);
      if (typeof result?.then === 'function') result.then(succeed, (e) => done(e ?? 'handled'));
    } catch (err) {
      fail(err);
    }
  });
}

// Uncaught errors end the environment, as on AWS: report, then exit.
let reportFatal = (err) => postError(`${API}/init/error`, err);
function fatal(err, code = 129) {
  logError(code === 128 ? 'Unhandled Promise Rejection' : 'Uncaught Exception', err);
  reportFatal(err).finally(() => process.exit(code));
}

async function main() {
  patchConsole();
  process.on('uncaughtException', (err) => fatal(err));
  process.on('unhandledRejection', (reason) => fatal(new UnhandledPromiseRejection(String(reason)), 128));
  process.on('beforeExit', () => onLoopEmpty?.());
  const handler = await loadHandler(env.LAMBDA_TASK_ROOT ?? process.cwd(), env._HANDLER ?? '');
  for (;;) {
    const next = await call('GET', `${API}/invocation/next`);
    if (next.status !== 200) throw new Error(`/invocation/next returned ${next.status}: ${next.body}`);
    const id = encodeURIComponent(next.headers['lambda-runtime-aws-request-id']);
    reportFatal = (err) => postError(`${API}/invocation/${id}/error`, err);
    await invoke(handler, next);
  }
}

main().catch((err) => fatal(err));
