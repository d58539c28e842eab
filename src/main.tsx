import '@picocss/pico/css/pico.min.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { allSolversQuery } from './api/solvers.ts';
import { createQueryClient } from './queryClient.ts';

/** How long the first render waits for the start page's data before it shows its loading state instead. */
const FIRST_DATA_WAIT_MS = 150;

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const queryClient = createQueryClient();
// The catalog is the start page: its solvers are asked for before React renders (index.html has
// preloaded the first page already, so usually they are in by now), and the first render waits a
// moment for them: the list then shows in the first frame, without a loading state before it.
const firstData = window.location.pathname === '/' ? queryClient.prefetchQuery(allSolversQuery()) : Promise.resolve();
const render = () =>
  createRoot(root).render(
    <StrictMode>
      <App client={queryClient} />
    </StrictMode>,
  );
void Promise.race([firstData, new Promise((resolve) => setTimeout(resolve, FIRST_DATA_WAIT_MS))]).then(render);
