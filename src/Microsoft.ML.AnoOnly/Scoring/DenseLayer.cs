using System;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// A fully connected layer, y = act(W x + b), with W given row-major as [outputs, inputs] (PyTorch's layout). A
    /// layer of at least <see cref="DenseKernels.Lanes"/> outputs also keeps W transposed and padded to whole vectors for
    /// the block kernel (<see cref="DenseKernels.Pack"/>); a narrower one (a score layer) is computed as dot products.
    /// Its outputs are written <see cref="Width"/> floats wide (the padding is never read). Immutable and thread-safe.
    /// <para>
    /// A weight or bias of subnormal magnitude (non-zero, below 1.2e-38) is kept as zero. On x86 a multiply-add with a
    /// subnormal operand takes a slow microcode assist, on every row scored, and training leaves such values: the
    /// default's PReNet member, trained on the speed targets' 10k x 30 rows, kept 12 and scored at 539 ns a row against
    /// 33 ns without them (docs/benchmarks.md, speed targets). A subnormal
    /// product is far below the last bit of the normal sum it enters, so an output changes only where the output itself
    /// lies within a factor of about 2^24 of that range. The model's saved state keeps the trained values.
    /// </para>
    /// </summary>
    internal sealed class DenseLayer
    {
        private readonly float[] _weights;
        private readonly float[]? _bias;
        private readonly float[]? _packed;
        private readonly float[]? _packedBias;

        public DenseLayer(float[] weights, float[]? bias, int inputs, int outputs, Activation activation)
        {
            if (inputs < 1 || outputs < 1 || weights.Length != (long)inputs * outputs)
                throw new ArgumentException($"A {outputs}x{inputs} layer needs {(long)inputs * outputs} weights, got {weights.Length}.");
            if (bias != null && bias.Length != outputs)
                throw new ArgumentException($"A layer of {outputs} outputs needs {outputs} biases, got {bias.Length}.");
            _weights = WithoutSubnormals(weights);
            _bias = bias is null ? null : WithoutSubnormals(bias);
            Inputs = inputs;
            Outputs = outputs;
            Activation = activation;
            if (outputs >= DenseKernels.Lanes)
            {
                // Padding of at most 7 columns, or an eighth of the outputs: the copy costs less than twice the stored weights.
                Width = DenseKernels.Padded(outputs);
                _packed = DenseKernels.Pack(_weights, inputs, outputs, Width);
                _packedBias = new float[Width];
                _bias?.CopyTo(_packedBias, 0);
            }
            else
                Width = outputs;
        }

        /// <summary><paramref name="values"/> itself when none is subnormal, else a copy with those set to zero (the
        /// caller's array, often a model state's tensor, is never changed).</summary>
        private static float[] WithoutSubnormals(float[] values)
        {
            if (!Array.Exists(values, float.IsSubnormal))
                return values;
            var copy = (float[])values.Clone();
            for (int i = 0; i < copy.Length; i++)
            {
                if (float.IsSubnormal(copy[i]))
                    copy[i] = 0f;
            }
            return copy;
        }

        public int Inputs { get; }
        public int Outputs { get; }
        public Activation Activation { get; }

        /// <summary>The floats each output row occupies: <see cref="Outputs"/> rounded up to whole vectors for the block
        /// kernel, else <see cref="Outputs"/>.</summary>
        public int Width { get; }

        /// <summary>W, [outputs, inputs] row-major.</summary>
        public ReadOnlySpan<float> Weights => _weights;

        /// <summary>b, or null for a layer without bias.</summary>
        public float[]? Bias => _bias;

        /// <summary>One row: <paramref name="output"/> holds at least <see cref="Width"/> floats.</summary>
        public void Apply(ReadOnlySpan<float> input, Span<float> output) => ApplyBlock(input, Inputs, 1, output, Width, Activation);

        /// <summary><paramref name="rows"/> rows at <paramref name="inputStride"/> floats apart, written
        /// <paramref name="outputStride"/> (at least <see cref="Width"/>) floats apart.</summary>
        public void ApplyBlock(ReadOnlySpan<float> input, int inputStride, int rows, Span<float> output, int outputStride)
            => ApplyBlock(input, inputStride, rows, output, outputStride, Activation);

        /// <summary>W x + b of one row, before the activation (the explanations need it); the same bits as the
        /// activation's input in <see cref="Apply"/>.</summary>
        public void Linear(ReadOnlySpan<float> input, Span<float> output) => ApplyBlock(input, Inputs, 1, output, Width, Activation.None);

        private void ApplyBlock(ReadOnlySpan<float> input, int inputStride, int rows, Span<float> output, int outputStride, Activation activation)
        {
            if (_packed != null)
                DenseKernels.Packed(input, inputStride, rows, Inputs, _packed, _packedBias!, Width, activation, output, outputStride);
            else
                DenseKernels.RowDots(input, inputStride, rows, Inputs, _weights, _bias, Outputs, activation, output, outputStride);
        }

        /// <summary>
        /// The multipliers of the layer's inputs from those of its outputs (before the activation), Wᵀ m: how DeepLIFT's
        /// linear rule carries a multiplier back through the layer. Writes <see cref="Inputs"/> values.
        /// </summary>
        public void Backward(ReadOnlySpan<float> outputMultipliers, Span<float> inputMultipliers)
            => DenseKernels.TransposedProduct(_weights, Outputs, Inputs, outputMultipliers, inputMultipliers);
    }
}
