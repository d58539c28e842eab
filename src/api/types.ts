/**
 * Shapes of the oSPARC public API (v0) that the dashboard reads and sends, written to match
 * the upstream specification (version 0.16.0).
 */

export const RUNNING_STATES = [
  'UNKNOWN',
  'NOT_STARTED',
  'PUBLISHED',
  'PENDING',
  'WAITING_FOR_CLUSTER',
  'WAITING_FOR_RESOURCES',
  'STARTED',
  'SUCCESS',
  'FAILED',
  'ABORTED',
] as const;
export type RunningState = (typeof RUNNING_STATES)[number];

export interface Links {
  first: string | null;
  last: string | null;
  self: string | null;
  next: string | null;
  prev: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
  links: Links;
}

export interface OnePage<T> {
  items: T[];
  total?: number | null;
}

export interface Meta {
  name: string;
  version: string;
  released?: Record<string, string> | null;
  docs_url: string;
  docs_dev_url: string;
}

export interface UsersGroup {
  gid: string;
  label: string;
  description?: string | null;
}

export interface Profile {
  id: number;
  login: string;
  role: string;
  first_name?: string | null;
  last_name?: string | null;
  language?: string | null;
  gravatar_id?: string | null;
  groups?: { me: UsersGroup; organizations?: UsersGroup[] | null; all: UsersGroup } | null;
}

export interface ProfileUpdate {
  first_name?: string | null;
  last_name?: string | null;
}

export interface Solver {
  id: string;
  version: string;
  title: string;
  description?: string | null;
  url: string | null;
  maintainer: string;
  version_display?: string | null;
}

/** JSON schema of a port's value, with oSPARC's extensions. */
export interface ContentSchema {
  title?: string;
  description?: string;
  type?: string | string[];
  default?: unknown;
  x_unit?: string;
  content_media_type?: string;
  [keyword: string]: unknown;
}

export interface SolverPort {
  key: string;
  kind: 'input' | 'output';
  content_schema?: ContentSchema | null;
}

/** A file resource: the value of a file port in job inputs and outputs. */
export interface OsparcFile {
  id: string;
  filename: string;
  content_type?: string | null;
  checksum?: string | null;
  e_tag?: string | null;
}

/** The job output a file is, as the embedded host records it. */
export interface FileProducer {
  job_id: string;
  /** The output port the file is the value of. */
  output: string;
  /** The job's release; null once the job was deleted. */
  solver_key: string | null;
  version: string | null;
}

/**
 * A file as the host's file routes describe it. Upstream's `File` stops at the checksum and
 * e-tag; the embedded host adds the size, when the file was stored, and the job output it is
 * (null for an upload). A host without them leaves them out.
 */
export interface DescribedFile extends OsparcFile {
  size?: number;
  created_at?: string;
  produced_by?: FileProducer | null;
}

export type ArgumentValue = OsparcFile | number | boolean | string | unknown[] | Record<string, unknown> | null;

export interface JobInputs {
  values: Record<string, ArgumentValue>;
}

export interface JobOutputs {
  job_id: string;
  results: Record<string, ArgumentValue>;
}

export interface Job {
  id: string;
  name: string;
  inputs_checksum: string;
  created_at: string;
  runner_name: string;
  url: string | null;
  runner_url: string | null;
  outputs_url: string | null;
}

export interface ErrorDict {
  loc: (string | number)[];
  msg: string;
  type: string;
  ctx?: Record<string, unknown>;
}

/**
 * Every error answer of the API, whatever its status: messages (strings, or pydantic's error
 * objects in a 422) and the id that support can find the failure by.
 */
export interface ErrorGet {
  errors: unknown[];
  support_id?: string | null;
}

export interface JobStatus {
  job_id: string;
  state: RunningState;
  progress?: number;
  submitted_at: string;
  started_at?: string | null;
  stopped_at?: string | null;
  errors?: ErrorDict[] | null;
}

export type MetaValue = boolean | number | string;

export interface JobMetadata {
  job_id: string;
  metadata: Record<string, MetaValue>;
  url: string | null;
}

export interface JobLog {
  job_id: string;
  node_id?: string | null;
  log_level: number;
  messages: string[];
}

export interface UploadLinks {
  abort_upload: string;
  complete_upload: string;
}

export interface FileUploadData {
  chunk_size: number;
  urls: string[];
  links: UploadLinks;
}

export interface ClientFileUploadData {
  file_id: string;
  upload_schema: FileUploadData;
}

export interface ClientFile extends Partial<ProgramJobTarget> {
  filename: string;
  filesize: number;
  sha256_checksum: string;
}

/** Where an upload goes when it is for a program job (`UserFileToProgramJob`): a path in its workspace. */
export interface ProgramJobTarget {
  program_key: string;
  program_version: string;
  job_id: string;
  /** `workspace/<path>`. */
  workspace_path: string;
}

/** `Program`: a released program (it runs a command over a workspace of files). */
export interface Program {
  id: string;
  version: string;
  title: string;
  description?: string | null;
  url: string | null;
  version_display?: string | null;
}

/** `PricingUnitGetLegacy`. */
export interface PricingUnit {
  pricingUnitId: number;
  unitName: string;
  unitExtraInfo: Record<string, unknown>;
  currentCostPerUnit: number;
  default: boolean;
}

/** `PricingPlanGet` (what the run form needs of it). */
export interface PricingPlan {
  pricingPlanId: number;
  displayName: string;
  pricingUnits: PricingUnit[] | null;
}

/** What a job's start took from the wallet (embedded host only). */
export interface JobCharge {
  job_id: string;
  credits: number;
  charged_at: string | null;
}

/** `LicensedItemGet`, with the embedded host's price and seats when it gives them. */
export interface LicensedItem {
  licensed_item_id: string;
  key: string;
  version: string;
  display_name: string;
  is_hidden_on_market: boolean;
  credits_per_seat?: number;
  seats?: number;
  free_seats?: number;
}

/** `LicensedItemCheckoutGet`. */
export interface LicensedItemCheckout {
  licensed_item_checkout_id: string;
  licensed_item_id: string;
  key: string;
  version: string;
  wallet_id: number;
  started_at: string;
  stopped_at: string | null;
  num_of_seats: number;
  credits?: number;
}

export interface UploadedPart {
  number: number;
  e_tag: string;
}

export interface Wallet {
  walletId: number;
  name: string;
  description?: string | null;
  owner: number;
  thumbnail?: string | null;
  status: 'ACTIVE' | 'INACTIVE';
  created: string;
  modified: string;
  availableCredits: number;
}

export interface CreditPrice {
  productName: string;
  usdPerCredit: number | null;
  minPaymentAmountUsd: number | null;
}

/** A value is a file reference when it has an id and a filename. */
export function isOsparcFile(value: unknown): value is OsparcFile {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as OsparcFile).id === 'string' &&
    typeof (value as OsparcFile).filename === 'string'
  );
}
