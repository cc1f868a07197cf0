// Errors shaped like Office.js's OfficeExtension.Error (name "RichApi.Error", code, message, debugInfo),
// so the add-in's error handling sees what it would see in Excel.

export const ErrorCodes = {
  accessDenied: "AccessDenied",
  generalException: "GeneralException",
  invalidArgument: "InvalidArgument",
  invalidOperation: "InvalidOperation",
  invalidObjectPath: "InvalidObjectPath",
  invalidReference: "InvalidReference",
  invalidRequestContext: "InvalidRequestContext",
  invalidSelection: "InvalidSelection",
  itemAlreadyExists: "ItemAlreadyExists",
  itemNotFound: "ItemNotFound",
  propertyNotLoaded: "PropertyNotLoaded",
  requestPayloadSizeLimitExceeded: "RequestPayloadSizeLimitExceeded",
  responsePayloadSizeLimitExceeded: "ResponsePayloadSizeLimitExceeded",
} as const;

export interface DebugInfo {
  code: string;
  message: string;
  /** the API member that failed, e.g. "Range.values" */
  errorLocation?: string;
  /** a readable form of the failing command, e.g. "range(Sheet1!A1:B2).values = …" */
  statement?: string;
}

export class EmulatedOfficeError extends Error {
  override name = "RichApi.Error";
  readonly code: string;
  readonly debugInfo: DebugInfo;
  readonly traceMessages: string[] = [];
  readonly innerError: unknown = null;

  constructor(code: string, message: string, debugInfo?: Partial<DebugInfo>) {
    super(message);
    this.code = code;
    this.debugInfo = { code, message, ...debugInfo };
  }
}

/** Raised by the workbook model; the request layer adds errorLocation/statement. */
export function officeError(code: string, message: string): EmulatedOfficeError {
  return new EmulatedOfficeError(code, message);
}

export const PROPERTY_NOT_LOADED_MESSAGE = (prop: string) =>
  `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`;
