export { ReportMenu } from './ReportMenu';
export { RecordReportMenu } from './RecordReportMenu';
export { OrganisationReportMenu } from './OrganisationReportMenu';
export { RunbookDownload } from './RunbookDownload';
