export { type Module, type ActivationName, type InitializerName, ACTIVATION_NAMES, INITIALIZER_NAMES } from './module.js';
export { Linear, linear, type LinearOptions } from './linear.js';
export { Activation, activation, sigmoid, tanh, relu, leakyRelu, identity } from './activations.js';
export { Sequential, sequential } from './sequential.js';
export { mlp, type MlpOptions } from './mlp.js';
export { uniformInit, xavierInit, heInit, initializers, type InitFunction, type LayerParameters } from './init.js';
export { squaredError, bceWithLogits, softmaxCrossEntropy } from './losses.js';
export { compileMlpStep, LOSS_NAMES, type LossName, type MlpStep } from './compileMlpStep.js';
export { binaryAccuracy, classAccuracy } from './accuracy.js';
