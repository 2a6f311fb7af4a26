/**
 * The smallest React app: one element rendered by React DOM. Built by clientBundle.bench.ts with
 * the same Vite and React plugin as the PWA, its gzip size is the floor any React client pays.
 */
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

const root = document.getElementById('root');
if (root !== null) createRoot(root).render(createElement('p', null, 'Hello'));
