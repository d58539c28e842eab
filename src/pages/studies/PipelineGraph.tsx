import '@xyflow/react/dist/style.css';
import {
  Background,
  type Edge,
  Handle,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
  ReactFlowProvider,
} from '@xyflow/react';
import { useMemo } from 'react';
import { solverShortName } from '../../api/solvers.ts';
import type { PipelineNode } from '../../api/studies.ts';
import type { RunningState } from '../../api/types.ts';
import { nodeKindName, nodePhase } from './node-phase.ts';
import { layoutPipeline, NODE_HEIGHT, NODE_WIDTH, pipelineEdges } from './pipeline-layout.ts';

/** A node's live run, when the graph shows a job. */
export interface NodeRun {
  state: RunningState | null;
  progress: number;
}

export interface PipelineGraphProps {
  nodes: PipelineNode[];
  /** Node UUID → its run (a job's graph); absent for a study's graph. */
  runs?: ReadonlyMap<string, NodeRun>;
  /** Node UUID of the node whose log is shown. */
  selected?: string | null;
  /** Clicking a solver node chooses it (its log). */
  onSelect?(nodeId: string): void;
  /** Accessible name of the graph. */
  label: string;
}

type StudyFlowNode = Node<
  { node: PipelineNode; run?: NodeRun; selected: boolean; onSelect?: (nodeId: string) => void },
  'study'
>;

function StudyNodeCard({ data }: NodeProps<StudyFlowNode>) {
  const { node, run, onSelect } = data;
  const phase = nodePhase(run?.state);
  const subtitle =
    node.kind === 'solver' && node.solver_key
      ? `${solverShortName(node.solver_key)} ${node.version}`
      : nodeKindName(node.kind);
  const body = (
    <>
      <strong className="study-node-title">{node.label}</strong>
      <small className="study-node-subtitle">{subtitle}</small>
      {phase && (
        <span className={`study-node-phase phase-${phase}`} data-phase={phase}>
          {phase}
          {phase === 'running' && run ? ` ${run.progress}%` : ''}
        </span>
      )}
      {phase === 'running' && run && <progress value={run.progress} max={100} aria-label={`${node.label} progress`} />}
    </>
  );
  return (
    <div
      className={`study-node kind-${node.kind}${data.selected ? ' is-selected' : ''}`}
      data-node-name={node.name}
      data-phase={phase ?? undefined}
      style={{ width: NODE_WIDTH, minHeight: NODE_HEIGHT }}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      {onSelect && node.kind === 'solver' ? (
        <button
          type="button"
          className="study-node-button nodrag"
          aria-pressed={data.selected}
          aria-label={`${node.label}${phase ? `, ${phase}` : ''}: show its log`}
          onClick={() => onSelect(node.node_id)}
        >
          {body}
        </button>
      ) : (
        <div className="study-node-body">{body}</div>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

const NODE_TYPES = { study: StudyNodeCard };

/** The pipeline as a graph laid out automatically (dagre), each node with its state and progress when a job runs it. */
export function PipelineGraph({ nodes, runs, selected, onSelect, label }: PipelineGraphProps) {
  const placed = useMemo(() => layoutPipeline(nodes), [nodes]);
  const flowNodes = useMemo<StudyFlowNode[]>(
    () =>
      placed.map(({ node, x, y }) => ({
        id: node.node_id,
        type: 'study',
        position: { x, y },
        data: { node, run: runs?.get(node.node_id), selected: selected === node.node_id, onSelect },
        draggable: false,
        selectable: false,
        connectable: false,
      })),
    [placed, runs, selected, onSelect],
  );
  const edges = useMemo<Edge[]>(
    () =>
      pipelineEdges(nodes).map((edge) => {
        const phase = nodePhase(runs?.get(edge.source)?.state);
        return {
          ...edge,
          animated: nodePhase(runs?.get(edge.target)?.state) === 'running' || phase === 'running',
          className: phase === 'done' ? 'edge-done' : undefined,
          labelBgPadding: [4, 2] as [number, number],
        };
      }),
    [nodes, runs],
  );
  const height = Math.max(...placed.map((p) => p.y + NODE_HEIGHT), NODE_HEIGHT) + 40;
  return (
    <figure className="pipeline-graph" aria-label={label} style={{ height: Math.min(height, 520) }}>
      <ReactFlowProvider>
        <ReactFlow
          nodes={flowNodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          fitView
          fitViewOptions={{ padding: 0.08 }}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          zoomOnScroll={false}
          preventScrolling={false}
          minZoom={0.3}
        >
          <Background gap={24} size={1} />
        </ReactFlow>
      </ReactFlowProvider>
    </figure>
  );
}

export default PipelineGraph;
