/// <reference types="vite/client" />

/** The settings Vite builds into the page (only VITE_-prefixed variables reach it). */
interface ImportMetaEnv {
  /**
   * Talk to this Rapport server directly instead of through the proxy; the
   * server must allow this page's origin (CORS_ORIGINS). Unset: the page's own
   * origin, which Vite forwards to RAPPORT_URL.
   */
  readonly VITE_RAPPORT_URL?: string;
}
