using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>
    /// Weight initialisation from the trainer's own seeded <see cref="Random"/>, not libtorch's global
    /// generator: the same seed gives the same network, and two models can train at once in one process
    /// without touching each other's random state.
    /// </summary>
    internal static class WeightInit
    {
        /// <summary>PyTorch's default for Linear: weight and bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)).</summary>
        public static void PyTorchDefault(Linear layer, Random random)
        {
            long fanIn = layer.weight!.shape[1];
            double bound = 1.0 / Math.Sqrt(fanIn);
            Fill(layer.weight!, () => (random.NextDouble() * 2 - 1) * bound);
            if (layer.bias is not null)
                Fill(layer.bias, () => (random.NextDouble() * 2 - 1) * bound);
        }

        /// <summary>Glorot (Xavier) normal weights, std = sqrt(2 / (fan_in + fan_out)), zero bias (Keras' default
        /// for the FEAWAD reference).</summary>
        public static void GlorotNormal(Linear layer, Random random)
        {
            long fanOut = layer.weight!.shape[0], fanIn = layer.weight!.shape[1];
            double std = Math.Sqrt(2.0 / (fanIn + fanOut));
            Fill(layer.weight!, () => std * StandardNormal(random));
            if (layer.bias is not null)
                Fill(layer.bias, () => 0.0);
        }

        private static double StandardNormal(Random random)
        {
            // Box-Muller.
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        private static void Fill(Tensor parameter, Func<double> next)
        {
            var values = new float[parameter.numel()];
            for (int i = 0; i < values.Length; i++)
                values[i] = (float)next();
            using var _ = no_grad();
            using Tensor source = TensorImport.Values(values, parameter.shape, parameter.device);
            parameter.copy_(source);
        }
    }
}
