// node-esm: an ES-module handler (index.mjs) for the nodejs20.x runtime.
// It answers {"name": ...} with a greeting and reports facts that only hold
// when it was loaded as an ES module, so the module's tests can tell.

import { createHash } from 'node:crypto';

// Top-level await (ES modules only) runs once per execution environment,
// during init; a configuration change gives the function a new environment.
const greeting = await Promise.resolve(process.env.GREETING ?? 'Hello');

export const handler = async (event, context) => {
  const name = event?.name || 'world';
  const message = `${greeting}, ${name}!`;
  console.log(`greeted ${name}`);
  return {
    message,
    sha1: createHash('sha1').update(message).digest('hex'),
    esm: typeof require === 'undefined' && import.meta.url.endsWith('/index.mjs'),
    execution_env: process.env.AWS_EXECUTION_ENV,
    function: context.functionName,
    request_id: context.awsRequestId,
    remaining_ms_positive: context.getRemainingTimeInMillis() > 0,
  };
};
