export { DevSignInPage } from './DevSignInPage';
