export * from './types';
export * from './addressing';
export * from './lab';
export * from './k8s';
