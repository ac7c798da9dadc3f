export { default, EXAMPLE_USERS_PROVIDER_ID } from './module';
export { EXAMPLE_USER_HEADER } from './authenticator';
