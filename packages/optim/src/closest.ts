// One "did you mean" for all of Descent lives in tensor; optim re-exports it for plugin authors.
export { closest, editDistance } from '@descent/tensor';
