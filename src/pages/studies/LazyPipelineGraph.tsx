import { lazy, Suspense } from 'react';
import type { PipelineGraphProps } from './PipelineGraph.tsx';

// The graph library (React Flow and dagre) is loaded only on the study pages.
const PipelineGraph = lazy(() => import('./PipelineGraph.tsx'));

/** The pipeline graph, with a placeholder while its code loads. */
export function LazyPipelineGraph(props: PipelineGraphProps) {
  return (
    <Suspense fallback={<p aria-busy="true">Drawing the pipeline…</p>}>
      <PipelineGraph {...props} />
    </Suspense>
  );
}
