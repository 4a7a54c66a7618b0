export * from './config';
export * from './generate';
export * from './mmcs';
