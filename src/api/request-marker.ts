/**
 * The header the dashboard's page sends with every request to its own proxy. A page on another
 * site cannot add it without a CORS preflight, which the proxy never grants, so a request that
 * changes something and lacks it (and a JSON body) did not come from the dashboard.
 */
export const DASHBOARD_REQUEST_HEADER = 'X-Osparc-Dashboard';
export const DASHBOARD_REQUEST_VALUE = '1';
