export { type Module, type ActivationName, type InitializerName } from './module.js';
export { Linear, linear, type LinearOptions } from './linear.js';
export { Activation, activation, activations, sigmoid, tanh, relu, leakyRelu, identity, type ActivationEntry } from './activations.js';
export { Sequential, sequential } from './sequential.js';
export { mlp, type MlpOptions } from './mlp.js';
export { uniformInit, xavierInit, heInit, initializers, type InitFunction, type InitializerEntry, type LayerParameters } from './init.js';
export { squaredError, bceWithLogits, softmaxCrossEntropy, losses, type LossEntry, type LossName } from './losses.js';
export { compileMlpStep, type MlpStep } from './compileMlpStep.js';
export { binaryAccuracy, classAccuracy } from './accuracy.js';
