using System;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// In eval mode a BatchNorm layer is an affine map per feature,
    /// bn(h)_j = scale_j * h_j + shift_j with scale_j = gamma_j / sqrt(var_j + eps) and
    /// shift_j = beta_j - scale_j * mean_j. Folding it into the adjacent linear layer removes it from the
    /// scoring path entirely.
    /// </summary>
    internal static class BatchNormFolding
    {
        /// <summary>Per-feature scale and shift of an eval-mode BatchNorm (gamma/beta null: not affine).</summary>
        public static (float[] Scale, float[] Shift) Affine(float[] runningMean, float[] runningVar, float[]? gamma, float[]? beta, double eps)
        {
            var scale = new float[runningMean.Length];
            var shift = new float[runningMean.Length];
            for (int j = 0; j < scale.Length; j++)
            {
                double s = (gamma?[j] ?? 1.0) / Math.Sqrt(runningVar[j] + eps);
                scale[j] = (float)s;
                shift[j] = (float)((beta?[j] ?? 0.0) - s * runningMean[j]);
            }
            return (scale, shift);
        }

        /// <summary>
        /// Folds a BatchNorm that comes <em>before</em> a linear layer W [outputs, inputs]:
        /// W (scale * h + shift) + b = (W diag(scale)) h + (W shift + b).
        /// </summary>
        public static (float[] Weights, float[] Bias) IntoFollowing(float[] weights, float[]? bias, int inputs, int outputs, float[] scale, float[] shift)
        {
            var folded = new float[weights.Length];
            var foldedBias = new float[outputs];
            for (int o = 0; o < outputs; o++)
            {
                double b = bias?[o] ?? 0.0;
                for (int i = 0; i < inputs; i++)
                {
                    folded[o * inputs + i] = weights[o * inputs + i] * scale[i];
                    b += (double)weights[o * inputs + i] * shift[i];
                }
                foldedBias[o] = (float)b;
            }
            return (folded, foldedBias);
        }

        /// <summary>
        /// Folds a BatchNorm that comes <em>after</em> a linear layer W [outputs, inputs]:
        /// scale * (W x + b) + shift = (diag(scale) W) x + (scale * b + shift).
        /// </summary>
        public static (float[] Weights, float[] Bias) IntoPreceding(float[] weights, float[]? bias, int inputs, int outputs, float[] scale, float[] shift)
        {
            var folded = new float[weights.Length];
            var foldedBias = new float[outputs];
            for (int o = 0; o < outputs; o++)
            {
                for (int i = 0; i < inputs; i++)
                    folded[o * inputs + i] = weights[o * inputs + i] * scale[o];
                foldedBias[o] = (float)((double)scale[o] * (bias?[o] ?? 0.0) + shift[o]);
            }
            return (folded, foldedBias);
        }
    }
}
