using System;
using System.Numerics.Tensors;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>The activation applied after a <see cref="DenseLayer"/>.</summary>
    internal enum Activation
    {
        None,
        Relu,

        /// <summary>LeakyReLU with slope 0.01 below zero (PyTorch's default, and DeepSAD's).</summary>
        LeakyRelu,
    }

    /// <summary>
    /// A fully connected layer, y = act(W x + b), with W stored row-major as [outputs, inputs] (PyTorch's
    /// layout). Each output is one vectorised dot product.
    /// </summary>
    internal sealed class DenseLayer
    {
        private readonly float[] _weights;
        private readonly float[]? _bias;
        private readonly Activation _activation;
        private const float LeakySlope = 0.01f;

        public DenseLayer(float[] weights, float[]? bias, int inputs, int outputs, Activation activation)
        {
            if (weights.Length != inputs * outputs)
                throw new ArgumentException($"A {outputs}x{inputs} layer needs {inputs * outputs} weights, got {weights.Length}.");
            if (bias != null && bias.Length != outputs)
                throw new ArgumentException($"A layer of {outputs} outputs needs {outputs} biases, got {bias.Length}.");
            _weights = weights;
            _bias = bias;
            Inputs = inputs;
            Outputs = outputs;
            _activation = activation;
        }

        public int Inputs { get; }
        public int Outputs { get; }

        public void Apply(ReadOnlySpan<float> input, Span<float> output)
        {
            ReadOnlySpan<float> weights = _weights;
            for (int o = 0; o < Outputs; o++)
            {
                float value = TensorPrimitives.Dot(weights.Slice(o * Inputs, Inputs), input);
                if (_bias != null)
                    value += _bias[o];
                output[o] = _activation switch
                {
                    Activation.Relu => value > 0 ? value : 0,
                    Activation.LeakyRelu => value > 0 ? value : value * LeakySlope,
                    _ => value,
                };
            }
        }
    }
}
