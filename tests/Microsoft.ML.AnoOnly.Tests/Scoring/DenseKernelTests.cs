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

        private static float[] Values(Random random, int count)
        {
            var values = new float[count];
            for (int i = 0; i < count; i++)
                values[i] = (float)(random.NextDouble() * 2 - 1);
            return values;
        }
    }
}
