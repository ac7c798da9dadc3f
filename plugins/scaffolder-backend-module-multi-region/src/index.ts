/**
 * Scaffolder actions that wire a new service into the multi-region failover
 * pattern: ARC routing controls, Route 53 failover records, the external API
 * route and local publishing for portals without a git host.
 *
 * @packageDocumentation
 */
export { scaffolderModuleMultiRegion as default } from './module';
export { localPublishUrlReader } from './localPublish/urlReaderServiceFactory';
export { createArcProvisionAction } from './actions/arc/createArcProvisionAction';
export { createRoute53ProvisionAction } from './actions/route53/createRoute53ProvisionAction';
export { createAddRouteAction } from './actions/externalApi/createAddRouteAction';
export { createPublishLocalAction } from './actions/publish/createPublishLocalAction';
export { createRegisterPublishedAction } from './actions/register/createRegisterPublishedAction';
