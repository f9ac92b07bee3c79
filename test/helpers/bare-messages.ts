/**
 * Pieces of JavaScript's and the browser's own messages, and of nnscope's
 * last-resort wrapper: a message a user sees never contains one of these
 * (issue 15). The data and element fuzz suites both check against it.
 */
export const BARE_MESSAGES = [
  'Cannot read properties',
  'is not a function',
  'Invalid array length',
  'Invalid typed array length',
  'Failed to execute',
  'is not iterable',
  'Cannot convert',
  'Do not know how to serialize',
  'Maximum call stack',
  'nnscope failed while decoding',
  'could not allocate',
] as const;
