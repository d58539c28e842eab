import dagre from '@dagrejs/dagre';
import type { PipelineNode } from '../../api/studies.ts';

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 86;

export interface PlacedNode {
  node: PipelineNode;
  x: number;
  y: number;
}

export interface PipelineEdge {
  id: string;
  source: string;
  target: string;
  /** `output_1 → input_1`: the ports it connects (a parameter, file picker or probe has none of its own). */
  label: string;
}

/** The connections of a pipeline, one edge per connected input. */
export function pipelineEdges(nodes: readonly PipelineNode[]): PipelineEdge[] {
  return nodes.flatMap((node) =>
    Object.entries(node.sources).map(([input, source]) => ({
      id: `${source.node_id}:${source.port ?? ''}->${node.node_id}:${input}`,
      source: source.node_id,
      target: node.node_id,
      label: [source.port, node.kind === 'probe' ? null : input].filter(Boolean).join(' → '),
    })),
  );
}

/** Lays the pipeline out left to right with dagre: inputs first, each node after the ones it takes values from. */
export function layoutPipeline(nodes: readonly PipelineNode[], direction: 'LR' | 'TB' = 'LR'): PlacedNode[] {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: direction, nodesep: 30, ranksep: 90, marginx: 10, marginy: 10 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.node_id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of pipelineEdges(nodes)) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  return nodes.map((node) => {
    const placed = graph.node(node.node_id);
    return { node, x: placed.x - NODE_WIDTH / 2, y: placed.y - NODE_HEIGHT / 2 };
  });
}
