// ESLint finds this file at the root, so one configuration covers web/ and the test scripts
// under tests/. The rules live with the page's npm packages, in web/lint.config.mjs.
export { default } from './web/lint.config.mjs';
