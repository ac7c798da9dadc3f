// Answers every request with the service name and the region that served it,
// so that a failover is visible from outside (see smoke-test.sh).
export const handler = async event => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    service: process.env.SERVICE_NAME,
    region: process.env.AWS_REGION,
    failoverType: process.env.FAILOVER_TYPE,
    path: event.path,
  }),
});
