import type { StudioApi } from '../shared/api';

declare global {
  interface Window {
    /** exposed by the Electron preload; absent in a browser served by `feature-studio serve` */
    studio?: StudioApi;
  }
}
