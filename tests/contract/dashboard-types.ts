/*
 * The dashboard's hand-written API types (src/api/types.ts) against the host's answer types,
 * which derive from the TypeBox schemas the host's routes declare. Checked by `npm run
 * typecheck` (tsconfig.node.json takes tests/): should the host come to answer a shape the
 * dashboard's type does not accept (a field dropped, made nullable, renamed), typecheck fails
 * here. The direction is the one that matters: every answer the host sends must be one the
 * dashboard can read. The dashboard's types may be wider, since a real oSPARC host answers too.
 */
import type { Static } from '@sinclair/typebox';
import type { JobChargeSchema } from '../../server/routes/job-pricing.ts';
import type { CheckoutSchema, LicensedItemSchema } from '../../server/routes/licensed-items.ts';
import type { ProgramBody } from '../../server/routes/programs.ts';
import type * as Host from '../../server/routes/response-schemas.ts';
import type { StudyJobBody, StudyJobStatusBody } from '../../server/routes/studies.ts';
import type { ApiFile, DescribedFile } from '../../server/services/files.ts';
import type { ClientFileUploadData } from '../../server/services/uploads.ts';
import type * as Dashboard from '../../src/api/types.ts';

/** Compiles only when what the host answers (`Answer`) is a value of the dashboard's type (`Reader`). */
type Reads<Reader, Answer extends Reader> = [Reader, Answer];

export type DashboardReadsHostAnswers = [
  Reads<Dashboard.ErrorGet, Host.ErrorGet>,
  Reads<Dashboard.Meta, Static<typeof Host.Meta>>,
  Reads<Dashboard.Profile, Host.Profile>,
  Reads<Dashboard.Solver, Host.Solver>,
  Reads<Dashboard.Page<Dashboard.Solver>, Host.Page<Host.Solver>>,
  Reads<Dashboard.SolverPort, Static<typeof Host.SolverPort>>,
  Reads<Dashboard.OnePage<Dashboard.SolverPort>, Static<ReturnType<typeof Host.OnePageOf<typeof Host.SolverPort>>>>,
  Reads<Dashboard.OsparcFile, ApiFile>,
  Reads<Dashboard.DescribedFile, DescribedFile>,
  Reads<Dashboard.Page<Dashboard.DescribedFile>, Host.Page<DescribedFile>>,
  Reads<Dashboard.ClientFileUploadData, ClientFileUploadData>,
  Reads<Dashboard.Job, Host.Job>,
  Reads<Dashboard.Job, StudyJobBody>,
  Reads<Dashboard.Page<Dashboard.Job>, Host.Page<Host.Job>>,
  Reads<Dashboard.JobStatus, Host.JobStatus>,
  Reads<Dashboard.JobStatus, StudyJobStatusBody>,
  Reads<Dashboard.RunningState, Host.JobStatus['state']>,
  Reads<Dashboard.JobMetadata, Host.JobMetadata>,
  Reads<Dashboard.JobLog, Host.JobLog>,
  Reads<Dashboard.Wallet, Host.Wallet>,
  Reads<Dashboard.CreditPrice, Static<typeof Host.CreditPrice>>,
  Reads<Dashboard.PricingUnit, Static<typeof Host.PricingUnit>>,
  Reads<Dashboard.PricingPlan, Static<typeof Host.PricingPlan>>,
  Reads<Dashboard.JobCharge, Static<typeof JobChargeSchema>>,
  Reads<Dashboard.Program, ProgramBody>,
  Reads<Dashboard.LicensedItem, Static<typeof LicensedItemSchema>>,
  Reads<Dashboard.LicensedItemCheckout, Static<typeof CheckoutSchema>>,
];
