/** Public surface of the HTTP/1 library. */
export * from './types.js';
export { parseRequestHead } from './h1-request.js';
export { parseResponseHead } from './h1-response.js';
export { ChunkedParser, LengthCounter } from './chunked.js';
export { serializeRequestHead, serializeResponseHead, type SerializeOptions } from './h1-serialize.js';
export { forwardedFor, originalTo, type ForwardForOptions } from './forwarded.js';
export { ErrorPages, parseErrorFile, rawErrorMessage, renderedErrorMessage, renderErrorFile, type ErrorCode } from './error-pages.js';
