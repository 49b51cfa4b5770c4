// Public surface of the audit trail.
export * from './auditRecord.js';
export * from './auditFile.js';
export * from './auditFilter.js';
export * from './auditTable.js';
export * from './AuditLog.js';
export * from './auditedApprover.js';
export * from './recordRun.js';
