using System;
using Microsoft.ML.AnoOnly.Scoring;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Scoring
{
    /// <summary>
    /// The block kernel of layers of 8 outputs or more: every output is <c>act(bias + x[0] w[0] + x[1] w[1] + ...)</c>, one
    /// fused multiply-add per input in that order, whichever way it is computed (8-lane or 16-lane vectors, panels of
    /// outputs, the 4-row and the single-row tiles). So a block gives the bits of the plain sum, and a row the same bits
    /// alone or in a block, on any processor.
    /// </summary>
    public class DenseKernelTests
    {
        [TestCase(30, 512, "None")]
        [TestCase(30, 100, "Relu")]
        [TestCase(7, 130, "LeakyRelu")]
        [TestCase(7, 144, "LeakyRelu")]
        [TestCase(21, 64, "Relu")]
        [TestCase(16, 20, "LeakyRelu")]
        [TestCase(33, 16, "Relu")]
        [TestCase(3, 8, "None")]
        public void EveryOutputIsThePlainSumInOrder(int inputs, int outputs, string activationName)
        {
            var activation = Enum.Parse<Activation>(activationName);
            var random = new Random(inputs * 1000 + outputs);
            float[] weights = Values(random, inputs * outputs), bias = Values(random, outputs);
            var layer = new DenseLayer(weights, bias, inputs, outputs, activation);
            foreach (int rows in new[] { 1, 3, 4, 9, 67 })
            {
                float[] x = Values(random, rows * inputs);
                var block = new float[rows * layer.Width];
                layer.ApplyBlock(x, inputs, rows, block, layer.Width);
                var alone = new float[layer.Width];
                for (int r = 0; r < rows; r++)
                {
                    layer.Apply(x.AsSpan(r * inputs, inputs), alone);
                    for (int o = 0; o < outputs; o++)
                    {
                        float sum = bias[o];
                        for (int i = 0; i < inputs; i++)
                            sum = DenseKernels.MultiplyAdd(x[r * inputs + i], weights[o * inputs + i], sum);
                        float expected = Activations.Apply(activation, sum);
                        Assert.That(block[r * layer.Width + o], Is.EqualTo(expected), $"{rows} rows: row {r}, output {o} in a block");
                        Assert.That(alone[o], Is.EqualTo(expected), $"{rows} rows: row {r}, output {o} alone");
                    }
                }
            }
        }

        /// <summary>
        /// A subnormal weight or bias (training leaves some; on x86 each multiply-add with one takes a slow microcode
        /// assist) is kept as zero, in the block kernel's layers and in the score layers alike, and the caller's arrays
        /// (a model state's tensors) stay as they were. The layer here is all zeros but for two subnormal values, so every
        /// output is exactly zero only if neither reaches the arithmetic.
        /// </summary>
        [TestCase(30, 20)]
        [TestCase(20, 1)]
        public void SubnormalWeightsAndBiasesAreKeptAsZero(int inputs, int outputs)
        {
            float subnormal = BitConverter.Int32BitsToSingle(0x00400000);
            var weights = new float[inputs * outputs];
            var bias = new float[outputs];
            weights[2] = subnormal;
            bias[outputs - 1] = subnormal;
            var layer = new DenseLayer(weights, bias, inputs, outputs, Activation.None);

            float[] x = new float[3 * inputs];
            Array.Fill(x, 1f);
            var block = new float[3 * layer.Width];
            layer.ApplyBlock(x, inputs, 3, block, layer.Width);
            var alone = new float[layer.Width];
            layer.Apply(x.AsSpan(0, inputs), alone);
            for (int r = 0; r < 3; r++)
            {
                for (int o = 0; o < outputs; o++)
                    Assert.That(BitConverter.SingleToInt32Bits(block[r * layer.Width + o]), Is.Zero, $"row {r}, output {o} in a block");
            }
            for (int o = 0; o < outputs; o++)
                Assert.That(BitConverter.SingleToInt32Bits(alone[o]), Is.Zero, $"output {o} alone");
            Assert.That(weights[2], Is.EqualTo(subnormal), "the caller's weights");
            Assert.That(bias[outputs - 1], Is.EqualTo(subnormal), "the caller's biases");
        }

        /// <summary>
        /// The explanations carry multipliers back through a layer, Wᵀ m: each input's is <c>Σ_o W[o, i] m[o]</c> summed
        /// over the outputs in order, one fused multiply-add each, from zero, whether its input was summed in a vector of
        /// eight inputs or alone (inputs left over after whole vectors, and score layers of few outputs).
        /// </summary>
        [TestCase(30, 512)]
        [TestCase(7, 130)]
        [TestCase(81, 256)]
        [TestCase(257, 32)]
        [TestCase(16, 20)]
        [TestCase(20, 1)]
        public void BackwardIsEachInputsSumInOrder(int inputs, int outputs)
        {
            var random = new Random(inputs * 7 + outputs);
            float[] weights = Values(random, inputs * outputs), m = Values(random, outputs);
            var layer = new DenseLayer(weights, Values(random, outputs), inputs, outputs, Activation.Relu);
            var backward = new float[inputs];
            layer.Backward(m, backward);
            for (int i = 0; i < inputs; i++)
            {
                float sum = 0;
                for (int o = 0; o < outputs; o++)
                    sum = DenseKernels.MultiplyAdd(weights[o * inputs + i], m[o], sum);
                Assert.That(backward[i], Is.EqualTo(sum), $"input {i}");
            }
        }

        private static float[] Values(Random random, int count)
        {
            var values = new float[count];
            for (int i = 0; i < count; i++)
                values[i] = (float)(random.NextDouble() * 2 - 1);
            return values;
        }
    }
}
