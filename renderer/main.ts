/** Entry point: picks the transport (Electron bridge or web host), then mounts the app once the session is known. */
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { detectTransport, setTransport } from './api/client';
import { i18n } from './i18n';
import { createAppRouter } from './router';
import { useAppStore } from './stores/app';
import { useUiStore } from './stores/ui';
import './styles/base.css';

// Before the router reads the URL: the web host's #token=… must leave the address bar first.
setTransport(detectTransport(window));

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
document.documentElement.lang = i18n.global.locale.value;

const session = useAppStore();
session.watchConnectivity();
session
  .init()
  .catch((e: unknown) => useUiStore().error(e))
  .finally(() => {
    app.use(createAppRouter());
    app.mount('#app');
  });
