// Entry point: everything else starts in app/app.ts.
import { startApp } from './app/app';
import { registerServiceWorker } from './offline/register';

const root = document.getElementById('app');
if (root) void startApp(root);
registerServiceWorker();
