import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { CatalogPage } from './pages/CatalogPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { paths } from './paths.ts';
import { createQueryClient } from './queryClient.ts';

// The release page carries RJSF and its validator: loaded only when a release is opened.
const SolverReleasePage = lazy(() =>
  import('./pages/SolverReleasePage.tsx').then((module) => ({ default: module.SolverReleasePage })),
);

const ProgramReleasePage = lazy(() =>
  import('./pages/ProgramReleasePage.tsx').then((module) => ({ default: module.ProgramReleasePage })),
);

// The job page carries the log viewer (virtual list) and, on demand, JSZip; the jobs list its polling.
const JobPage = lazy(() => import('./pages/JobPage.tsx').then((module) => ({ default: module.JobPage })));
const JobsPage = lazy(() => import('./pages/JobsPage.tsx').then((module) => ({ default: module.JobsPage })));
// Files carries the upload code, Settings the forms (react-hook-form): neither is on the catalog's path.
const FilesPage = lazy(() => import('./pages/FilesPage.tsx').then((module) => ({ default: module.FilesPage })));
const SettingsPage = lazy(() =>
  import('./pages/SettingsPage.tsx').then((module) => ({ default: module.SettingsPage })),
);
// Sweeps: the sweep page loads its plot (uPlot) on demand.
const SweepPage = lazy(() => import('./pages/SweepPage.tsx').then((module) => ({ default: module.SweepPage })));
const SweepsPage = lazy(() => import('./pages/SweepsPage.tsx').then((module) => ({ default: module.SweepsPage })));
// Studies: the study pages load the graph library (React Flow, dagre) on demand.
const StudiesPage = lazy(() => import('./pages/StudiesPage.tsx').then((module) => ({ default: module.StudiesPage })));
const StudyPage = lazy(() => import('./pages/StudyPage.tsx').then((module) => ({ default: module.StudyPage })));
const StudyJobPage = lazy(() =>
  import('./pages/StudyJobPage.tsx').then((module) => ({ default: module.StudyJobPage })),
);
const StudyComparePage = lazy(() =>
  import('./pages/studies/StudyComparePage.tsx').then((module) => ({ default: module.StudyComparePage })),
);
// Functions: registered functions, a function's run/map form, and the collections a map makes.
const FunctionsPage = lazy(() =>
  import('./pages/FunctionsPage.tsx').then((module) => ({ default: module.FunctionsPage })),
);
const FunctionPage = lazy(() =>
  import('./pages/FunctionPage.tsx').then((module) => ({ default: module.FunctionPage })),
);
const FunctionCollectionPage = lazy(() =>
  import('./pages/FunctionCollectionPage.tsx').then((module) => ({ default: module.FunctionCollectionPage })),
);
const ComparePage = lazy(() => import('./pages/ComparePage.tsx').then((module) => ({ default: module.ComparePage })));

function PageLoading({ title }: { title: string }) {
  return (
    <section aria-busy="true">
      <h1>{title}</h1>
      <p>Loading the page…</p>
    </section>
  );
}

function ReleasePageLoading() {
  return (
    <section aria-busy="true">
      <h1>Solver release</h1>
      <p>Loading the release page…</p>
    </section>
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route path={paths.catalog.path} element={<CatalogPage />} />
        <Route
          path={paths.solverRelease.path}
          element={
            <Suspense fallback={<ReleasePageLoading />}>
              <SolverReleasePage />
            </Suspense>
          }
        />
        <Route
          path={paths.programRelease.path}
          element={
            <Suspense fallback={<PageLoading title="Program" />}>
              <ProgramReleasePage />
            </Suspense>
          }
        />
        <Route
          path={paths.job.path}
          element={
            <Suspense fallback={<PageLoading title="Job" />}>
              <JobPage />
            </Suspense>
          }
        />
        <Route
          path={paths.jobs.path}
          element={
            <Suspense fallback={<PageLoading title="Jobs" />}>
              <JobsPage />
            </Suspense>
          }
        />
        <Route
          path={paths.compare.path}
          element={
            <Suspense fallback={<PageLoading title="Compare jobs" />}>
              <ComparePage />
            </Suspense>
          }
        />
        <Route
          path={paths.sweeps.path}
          element={
            <Suspense fallback={<PageLoading title="Sweeps" />}>
              <SweepsPage />
            </Suspense>
          }
        />
        <Route
          path={paths.sweep.path}
          element={
            <Suspense fallback={<PageLoading title="Sweep" />}>
              <SweepPage />
            </Suspense>
          }
        />
        <Route
          path={paths.studies.path}
          element={
            <Suspense fallback={<PageLoading title="Studies" />}>
              <StudiesPage />
            </Suspense>
          }
        />
        <Route
          path={paths.study.path}
          element={
            <Suspense fallback={<PageLoading title="Study" />}>
              <StudyPage />
            </Suspense>
          }
        />
        <Route
          path={paths.studyJob.path}
          element={
            <Suspense fallback={<PageLoading title="Study job" />}>
              <StudyJobPage />
            </Suspense>
          }
        />
        <Route
          path={paths.studyCompare.path}
          element={
            <Suspense fallback={<PageLoading title="Compare study jobs" />}>
              <StudyComparePage />
            </Suspense>
          }
        />
        <Route
          path={paths.functions.path}
          element={
            <Suspense fallback={<PageLoading title="Functions" />}>
              <FunctionsPage />
            </Suspense>
          }
        />
        <Route
          path={paths.function.path}
          element={
            <Suspense fallback={<PageLoading title="Function" />}>
              <FunctionPage />
            </Suspense>
          }
        />
        <Route
          path={paths.functionCollection.path}
          element={
            <Suspense fallback={<PageLoading title="Function job collection" />}>
              <FunctionCollectionPage />
            </Suspense>
          }
        />
        <Route
          path={paths.files.path}
          element={
            <Suspense fallback={<PageLoading title="Files" />}>
              <FilesPage />
            </Suspense>
          }
        />
        <Route
          path={paths.settings.path}
          element={
            <Suspense fallback={<PageLoading title="Settings" />}>
              <SettingsPage />
            </Suspense>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

/** `client`: a query client the caller already started queries in (see main.tsx); else a new one. */
export function App({ client }: { client?: QueryClient }) {
  const [queryClient] = useState(() => client ?? createQueryClient());
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </QueryClientProvider>
  );
}
