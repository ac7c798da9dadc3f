export { default } from './module';
export {
  MultiRegionPermissionPolicy,
  PLATFORM_ADMINS_GROUP,
} from './MultiRegionPermissionPolicy';
