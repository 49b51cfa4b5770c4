// The one duration parser lives in core/util so clients and step types share it; pipeline code imports it from here.
export { parseDuration } from '../../util/durations.js';
