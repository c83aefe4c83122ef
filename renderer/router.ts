/**
 * Screens, lazy-loaded. Hash history: the same URLs work from the web host and from file:// in Electron. Screens of a
 * company redirect to Benvenuto when none is open.
 */
import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import { useAppStore } from './stores/app';

declare module 'vue-router' {
  interface RouteMeta {
    /** Needs an open company. */
    company?: boolean;
    /** i18n key of the page title. */
    title?: string;
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/', redirect: () => (useAppStore().hasCompany ? '/documenti' : '/benvenuto') },
  { path: '/benvenuto', name: 'welcome', component: () => import('./views/welcome/WelcomeView.vue'), meta: { title: 'welcome.title' } },
  { path: '/documenti', name: 'documents', component: () => import('./views/documents/DocumentsView.vue'), meta: { company: true, title: 'documents.title' } },
  { path: '/fatture/nuova', name: 'wizard-new', component: () => import('./views/wizard/WizardView.vue'), meta: { company: true, title: 'wizard.titleNew' } },
  { path: '/fatture/:id/modifica', name: 'wizard-edit', component: () => import('./views/wizard/WizardView.vue'), props: true, meta: { company: true, title: 'wizard.titleEdit' } },
  { path: '/interscambio/:tab?', name: 'interscambio', component: () => import('./views/interscambio/InterscambioView.vue'), props: true, meta: { company: true, title: 'interscambio.title' } },
  { path: '/archiviazione', name: 'archive', component: () => import('./views/archive/ArchiveView.vue'), meta: { company: true, title: 'archive.title' } },
  { path: '/cassaforte/:tab?', name: 'vault', component: () => import('./views/vault/VaultView.vue'), props: true, meta: { company: true, title: 'vault.title' } },
  { path: '/clienti', name: 'customers', component: () => import('./views/customers/CustomersView.vue'), meta: { company: true, title: 'customers.title' } },
  { path: '/clienti/nuovo', name: 'customer-new', component: () => import('./views/customers/CustomerFormView.vue'), meta: { company: true, title: 'customers.newTitle' } },
  { path: '/clienti/:id', name: 'customer-edit', component: () => import('./views/customers/CustomerFormView.vue'), props: true, meta: { company: true, title: 'customers.editTitle' } },
  { path: '/ordini', name: 'orders', component: () => import('./views/orders/OrdersView.vue'), meta: { company: true, title: 'orders.title' } },
  { path: '/ordini/nuovo', name: 'order-new', component: () => import('./views/orders/OrderView.vue'), meta: { company: true, title: 'orders.newTitle' } },
  { path: '/ordini/:id', name: 'order-edit', component: () => import('./views/orders/OrderView.vue'), props: true, meta: { company: true, title: 'orders.editTitle' } },
  { path: '/spedizioni', name: 'shipments', component: () => import('./views/shipments/ShipmentsView.vue'), meta: { company: true, title: 'shipments.title' } },
  { path: '/piani', name: 'plans', component: () => import('./views/plans/PlansView.vue'), meta: { company: true, title: 'plans.title' } },
  { path: '/piani/:id', name: 'plan', component: () => import('./views/plans/PlanView.vue'), props: true, meta: { company: true, title: 'plans.planTitle' } },
  { path: '/modelli-piano', name: 'plan-templates', component: () => import('./views/plan-templates/PlanTemplatesView.vue'), meta: { company: true, title: 'planTemplates.title' } },
  { path: '/modelli-piano/nuovo', name: 'plan-template-new', component: () => import('./views/plan-templates/PlanTemplateView.vue'), meta: { company: true, title: 'planTemplates.newTitle' } },
  { path: '/modelli-piano/:id', name: 'plan-template-edit', component: () => import('./views/plan-templates/PlanTemplateView.vue'), props: true, meta: { company: true, title: 'planTemplates.editTitle' } },
  { path: '/partitario', name: 'ledger', component: () => import('./views/ledger/LedgerView.vue'), meta: { company: true, title: 'ledger.title' } },
  { path: '/impostazioni/:tab?', name: 'settings', component: () => import('./views/settings/SettingsView.vue'), props: true, meta: { company: true, title: 'settings.title' } },
  { path: '/:pathMatch(.*)*', redirect: '/' },
];

/** Created after the session token has left the URL: the hash history rewrites the fragment as soon as it starts. */
export function createAppRouter() {
  const router = createRouter({ history: createWebHashHistory(), routes });
  router.beforeEach((to) => {
    const app = useAppStore();
    if (to.meta.company && !app.hasCompany) return { path: '/benvenuto' };
    return true;
  });
  return router;
}
