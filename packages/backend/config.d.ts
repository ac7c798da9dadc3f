export interface Config {
  auth?: {
    providers?: {
      /**
       * Dev portal only: sign in as any User of the catalog, named in the
       * `x-example-user` header (src/exampleUsers). Present turns it on, and
       * only while NODE_ENV is `development`; it has no settings.
       * @visibility backend
       */
      'example-users'?: {};
    };
  };
  /**
   * Dev portal only: the AWS emulator that `packages/backend` starts before the
   * multi-region plugin (src/awsEmulator). The plugins reach it through the
   * ordinary `multiRegion` endpoints and `aws.accounts` credentials.
   */
  awsEmulator?: {
    /** Start it. Off unless set. @visibility backend */
    enabled?: boolean;
    /** Fixture YAML, relative to the backend's working directory. @visibility backend */
    fixture: string;
    /**
     * Cluster endpoints on basePort..basePort+4, control plane +5, Route 53 +6, admin +7, CloudWatch +8. Default 7411.
     * @visibility backend
     */
    basePort?: number;
    /**
     * Optional JSON file (relative to the working directory) that keeps the emulator's state across restarts,
     * so the routing controls agree with the failover history after a restart.
     * @visibility backend
     */
    stateFile?: string;
    /**
     * How long the emulator's ARC control plane keeps a created, updated or deleted panel, routing control or
     * safety rule PENDING before it is DEPLOYED (or gone), in ms. The emulator's default when unset (2000).
     * @visibility backend
     */
    deploymentDelayMs?: number;
    /**
     * How long a Route 53 record change stays PENDING before GetChange answers INSYNC, in ms. The emulator's
     * default when unset (2000).
     * @visibility backend
     */
    route53ChangeDelayMs?: number;
  };
}
