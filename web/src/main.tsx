// Entry of the web client: the bundled font, the app, mounted in #root.
import '@fontsource/be-vietnam-pro/vietnamese-400.css';
import '@fontsource/be-vietnam-pro/vietnamese-500.css';
import '@fontsource/be-vietnam-pro/vietnamese-600.css';
import '@fontsource/be-vietnam-pro/latin-400.css';
import '@fontsource/be-vietnam-pro/latin-500.css';
import '@fontsource/be-vietnam-pro/latin-600.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

// The installable app: the service worker keeps the built app on the device so it starts with no connection
// (web/service-worker.js). Browsers allow one only over HTTPS or on localhost; elsewhere the app works online.
if (import.meta.env.PROD && 'serviceWorker' in navigator && window.isSecureContext) {
  // A few seconds after the page has loaded: copying every built file must not compete with the first screen.
  window.addEventListener('load', () => {
    setTimeout(() => {
      navigator.serviceWorker.register('/sw.js').catch((e: unknown) => console.warn('service worker', e));
    }, 3000);
  });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
