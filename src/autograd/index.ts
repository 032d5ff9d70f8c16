export { grad, type GradOptions } from './grad.js';
export { gradcheck, type GradcheckOptions, type GradcheckReport, type InputReport } from './gradcheck.js';
