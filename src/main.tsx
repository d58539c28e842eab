import '@picocss/pico/css/pico.min.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { allSolversQuery } from './api/solvers.ts';
import { createQueryClient } from './queryClient.ts';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const queryClient = createQueryClient();
// The catalog is the start page: its solvers are asked for before React renders, so the list can
// show in the first render instead of after it (index.html preloads the first page already).
if (window.location.pathname === '/') void queryClient.prefetchQuery(allSolversQuery());
createRoot(root).render(
  <StrictMode>
    <App client={queryClient} />
  </StrictMode>,
);
