// A minimal client of the Lambda Runtime API (plain HTTP, what aws-lambda-rie and Lambda
// serve at AWS_LAMBDA_RUNTIME_API): take the next event, run the handler, post its answer
// or its error. Lambda's managed nodejs runtime runs the same loop in its own client; this
// one keeps the bench free of a native build.
'use strict';
const http = require('node:http');
const { handler, init } = require('./handler');

const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const agent = new http.Agent({ keepAlive: true });

function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const request = http.request({ host, port, method, path: `/2018-06-01/runtime${path}`, agent,
      headers: body ? { 'Content-Type': 'application/json' } : {} }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

(async function loop() {
  await init();
  for (;;) {
    const next = await call('GET', '/invocation/next');
    const id = next.headers['lambda-runtime-aws-request-id'];
    try {
      const answer = await handler(JSON.parse(next.body));
      await call('POST', `/invocation/${id}/response`, JSON.stringify(answer));
    } catch (error) {
      await call('POST', `/invocation/${id}/error`, JSON.stringify({ errorType: error.name, errorMessage: error.message }));
    }
  }
})();
