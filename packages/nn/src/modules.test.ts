import { rng, sigmoid as sigmoidOp, tensor } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { Activation, activation, activations, identity, leakyRelu, relu, sigmoid, tanh } from './activations.js';
import { Linear, linear } from './linear.js';
import { mlp } from './mlp.js';
import type { InitializerName } from './module.js';
import { sequential } from './sequential.js';

describe('linear', () => {
  it('computes x·W + b for a batch', () => {
    const layer = linear(2, 3, { rng: rng(0) });
    layer.weight.data.set([1, 2, 3, 4, 5, 6]); // W = [[1,2,3],[4,5,6]]
    layer.bias!.data.set([10, 20, 30]);
    // [1, 1]·W = [5, 7, 9]; [2, 0]·W = [2, 4, 6]; plus b
    expect(layer.forward(tensor([[1, 1], [2, 0]])).toArray()).toEqual([[15, 27, 39], [12, 24, 36]]);
    expect(layer.parameters()).toEqual([layer.weight, layer.bias]);
  });

  it('without bias has only a weight', () => {
    const layer = linear(2, 1, { rng: rng(0), bias: false });
    expect(layer.bias).toBeNull();
    expect(layer.parameters()).toEqual([layer.weight]);
  });

  it('names the layer and the expected input shape in its errors', () => {
    const layer = linear(3, 4, { rng: rng(0) });
    expect(() => layer.forward(tensor([[1, 2]]))).toThrow('linear(3 → 4): input has shape [1,2]; expected [batch, 3]');
    expect(() => linear(0, 4, { rng: rng(0) })).toThrow('linear: inFeatures must be a positive integer, got 0');
    expect(() => linear(3, 4, { rng: rng(0), init: 'glorot' as InitializerName })).toThrow(`linear: options.init: unknown initializer 'glorot' (expected one of uniform, xavier, he)`);
    expect(() => linear(3, 4, {} as never)).toThrow('linear: options.rng is required');
  });
});

describe('activations', () => {
  it('apply their function and have no parameters', () => {
    const x = tensor([-2, 0, 3]);
    expect(sigmoid().forward(x).toArray()).toEqual(sigmoidOp(x).toArray());
    expect(tanh().forward(tensor([0])).toArray()).toEqual([0]);
    expect(relu().forward(x).toArray()).toEqual([0, 0, 3]);
    expect(leakyRelu(0.5).forward(x).toArray()).toEqual([-1, 0, 3]);
    expect(identity().forward(x)).toBe(x);
    expect(sigmoid().parameters()).toEqual([]);
  });

  it('are found by config name, and an unknown name lists the accepted ones', () => {
    expect(activation('leaky_relu').forward(tensor([-100])).toArray()).toEqual([-1]); // α = 0.01
    expect(activation('tanh').name).toBe('tanh');
    expect(() => activation('softmax' as never)).toThrow(`unknown activation 'softmax' (expected one of sigmoid, tanh, relu, leaky_relu, identity)`);
    expect(() => activation('rleu' as never)).toThrow(`unknown activation 'rleu'; did you mean 'relu'? (expected one of sigmoid, tanh, relu, leaky_relu, identity)`);
    expect(() => activation('constructor' as never)).toThrow(`unknown activation 'constructor' (expected one of sigmoid, tanh, relu, leaky_relu, identity)`);
    expect(activations.names()).toEqual(['sigmoid', 'tanh', 'relu', 'leaky_relu', 'identity']);
  });
});

describe('sequential and mlp', () => {
  it('sequential applies modules in order and lists parameters in layer order', () => {
    const first = linear(2, 2, { rng: rng(1) });
    const second = linear(2, 1, { rng: rng(2) });
    const net = sequential(first, relu(), second);
    expect(net.parameters()).toEqual([first.weight, first.bias, second.weight, second.bias]);
    const x = tensor([[0.5, -1]]);
    expect(net.forward(x).toArray()).toEqual(second.forward(relu().forward(first.forward(x))).toArray());
  });

  it("mlp([3, 4, 1]) is the lecture's network shape", () => {
    const net = mlp([3, 4, 1], { activation: 'sigmoid', output: 'sigmoid', rng: rng(0) });
    expect(net.layers.map((l) => (l instanceof Linear ? `linear ${l.inFeatures}→${l.outFeatures}` : (l as Activation).name))).toEqual([
      'linear 3→4',
      'sigmoid',
      'linear 4→1',
      'sigmoid',
    ]);
    expect(net.parameters().map((p) => p.shape)).toEqual([[3, 4], [4], [4, 1], [1]]);
    expect(net.forward(tensor([[0, 0, 0], [1, 1, 1]])).shape).toEqual([2, 1]);
    // defaults: sigmoid hidden, identity output
    const defaults = mlp([2, 3, 2], { rng: rng(0) });
    expect((defaults.layers[1] as Activation).name).toBe('sigmoid');
    expect((defaults.layers[3] as Activation).name).toBe('identity');
  });

  it('gives each layer its own rng stream, so adding a layer leaves the first one unchanged', () => {
    const small = mlp([3, 4, 1], { rng: rng(5) });
    const deeper = mlp([3, 4, 4, 1], { rng: rng(5) });
    expect(Array.from(deeper.parameters()[0].data)).toEqual(Array.from(small.parameters()[0].data));
  });

  it('names the bad size, activation or init', () => {
    expect(() => mlp([3], { rng: rng(0) })).toThrow('mlp: sizes must list at least an input and an output size, like [3, 4, 1]; got [3]');
    expect(() => mlp([3, 0, 1], { rng: rng(0) })).toThrow('mlp: sizes[1] is 0 in [3,0,1]; every size must be a positive integer');
    expect(() => mlp([3, 1], { rng: rng(0), activation: 'gelu' as never })).toThrow(`mlp: options.activation: unknown activation 'gelu'; did you mean 'relu'? (expected one of sigmoid, tanh, relu, leaky_relu, identity)`);
    expect(() => mlp([3, 1], { rng: rng(0), output: 'softmax' as never })).toThrow(`mlp: options.output: unknown activation 'softmax' (expected one of sigmoid, tanh, relu, leaky_relu, identity)`);
    expect(() => mlp([3, 1], { rng: rng(0), init: 'zeros' as never })).toThrow(`mlp: options.init: unknown initializer 'zeros' (expected one of uniform, xavier, he)`);
  });
});
