// One "did you mean" for all of Descent lives in tensor: data's registries suggest up to three names.
export { closestNames as closest, editDistance } from '@descent/tensor';
