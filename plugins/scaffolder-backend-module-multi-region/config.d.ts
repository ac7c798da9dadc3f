export interface Config {
  /**
   * Settings of the multi-region scaffolder actions. The ARC clusters and the
   * control-plane and Route 53 endpoints are read from the shared
   * `multiRegion` key (schema in `@multi-region-failover/plugin-multi-region-node`),
   * the AWS credentials from the `aws` integration (`aws.accounts`).
   */
  multiRegionScaffolder?: {
    /**
     * Where `multi-region:publish:local` copies scaffolded services, for portals
     * without a reachable git host. Relative paths resolve against the backend's
     * working directory. The action writes a `.gitignore` into it, so it stays
     * out of version control even inside a repository. Leave unset to disable
     * local publishing (the action then fails with an explanation).
     * @visibility backend
     */
    localPublishDir?: string;
    /**
     * Settings of `multi-region:external-api:add-route`.
     */
    externalApi?: {
      /**
       * The external API's OpenAPI document that routes are merged into when a
       * template asks for `destination: config`. Relative paths resolve against
       * the backend's working directory. Unset: only workspace files can be
       * edited.
       * @visibility backend
       */
      openApiFile?: string;
    };
    /**
     * Settings of `multi-region:arc:provision`.
     */
    arc?: {
      /**
       * How the action polls a new (or found but not yet deployed) control
       * panel, routing control or safety rule until ARC reports it DEPLOYED,
       * with the SDK's waiters: the first read at once, then pauses from
       * `minDelaySeconds` (default 2, at least 1) growing with jitter to
       * `maxDelaySeconds` (default 30), failing the step after
       * `maxWaitSeconds` (default 300, more than `minDelaySeconds`) with an
       * error naming the resource.
       * @visibility backend
       */
      deploymentWait?: {
        minDelaySeconds?: number;
        maxDelaySeconds?: number;
        maxWaitSeconds?: number;
      };
    };
    /**
     * Settings of `multi-region:route53:provision`.
     */
    route53?: {
      /**
       * When a template gives no `primaryTarget` / `secondaryTarget`, alias the
       * failover records to invented API Gateway regional names
       * (`d-<role><name>.execute-api.<region>.amazonaws.com`) instead of failing.
       * Only for portals without real API Gateway domains, such as a dev portal
       * backed by a local AWS emulator. Never set it against a real AWS account:
       * the records would point at domains that do not exist. Default false.
       * @visibility backend
       */
      placeholderAliasTargets?: boolean;
      /**
       * How the action polls its record change (GetChange) until Route 53
       * reports it INSYNC, with the SDK's waiter: the first read at once,
       * then pauses from `minDelaySeconds` (default 2, more than 0; the
       * SDK's own default of 30 is too slow for a template) growing with
       * jitter to `maxDelaySeconds` (default 30), failing the step after
       * `maxWaitSeconds` (default 300). Every poll takes its token from the
       * Route 53 budget (`multiRegion.route53.requestsPerSecond`).
       * @visibility backend
       */
      changeWait?: {
        minDelaySeconds?: number;
        maxDelaySeconds?: number;
        maxWaitSeconds?: number;
      };
    };
  };
}
