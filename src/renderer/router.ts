import { createRouter, createWebHashHistory } from 'vue-router';
import HomeView from './views/HomeView.vue';
import ProjectView from './views/ProjectView.vue';
import DatasetsView from './views/DatasetsView.vue';
import OverviewView from './views/OverviewView.vue';

/**
 * Hash history: the page is loaded from `file://` in Electron and from `/?token=…` under
 * `serve`; a hash route leaves both the path and the token query untouched.
 * A project's folder is the `dir` parameter (URL-encoded), so a link to a screen of a project
 * is a bookmarkable path. The dataset page (and with it ECharts) loads on first visit.
 */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'home', component: HomeView },
    {
      path: '/project/:dir',
      component: ProjectView,
      props: true,
      children: [
        { path: '', redirect: { name: 'overview' } },
        { path: 'overview', name: 'overview', component: OverviewView, props: true },
        { path: 'datasets', name: 'datasets', component: DatasetsView, props: true },
        { path: 'datasets/:datasetId', name: 'dataset', component: () => import('./views/DatasetView.vue'), props: true },
        { path: 'corpora', name: 'corpora', component: () => import('./views/CorporaView.vue'), props: true },
        { path: 'corpora/:corpusId', name: 'corpus', component: () => import('./views/CorpusView.vue'), props: true },
        { path: 'runs', name: 'runs', component: () => import('./views/RunsView.vue'), props: true },
        { path: 'compare', name: 'compare', component: () => import('./views/CompareView.vue'), props: true },
        { path: 'reward', name: 'reward', component: () => import('./views/RewardView.vue'), props: true },
        { path: 'reviews', name: 'reviews', component: () => import('./views/ReviewsView.vue'), props: true },
        { path: 'reports', name: 'reports', component: () => import('./views/ReportsView.vue'), props: true },
        // the run and the open feature are query parameters (?run=…&feature=…), so a feature page is a link
        { path: 'features', name: 'features', component: () => import('./views/FeaturesView.vue'), props: true },
        // the run and the concept set are query parameters (?run=…&set=…)
        { path: 'concepts', name: 'concepts', component: () => import('./views/ConceptsView.vue'), props: true },
        { path: 'authorship', name: 'authorship', component: () => import('./views/AuthorshipView.vue'), props: true },
        { path: 'congestion', name: 'congestion', component: () => import('./views/CongestionView.vue'), props: true },
        // the run and the concept set are query parameters (?run=…&set=…)
      ],
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});
