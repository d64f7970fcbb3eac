/** The export layer's public face: lab → runnable containerlab + kind bundle. */
export { exportBundle, bundleZip, isScript } from './bundle';
export type { BundleFile } from './bundle';
export type { ExportOptions } from './plan';
export type { Predictions, PredictedRoute, PredictedSession, PredictedTrace } from './predictions';
