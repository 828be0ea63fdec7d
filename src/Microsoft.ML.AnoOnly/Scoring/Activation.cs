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

    /// <summary>The activations' values and their DeepLIFT multipliers, one definition for every path.</summary>
    internal static class Activations
    {
        /// <summary>LeakyReLU's slope below zero.</summary>
        public const float LeakySlope = 0.01f;

        /// <summary>The activation of one pre-activation value; the vector kernels compute exactly this
        /// (a comparison and a select, so both give the same bits).</summary>
        public static float Apply(Activation activation, float z) => activation switch
        {
            Activation.Relu => z > 0 ? z : 0,
            Activation.LeakyRelu => z > 0 ? z : z * LeakySlope,
            _ => z,
        };

        /// <summary>
        /// DeepLIFT's Rescale multiplier of an elementwise activation between the reference's pre-activation
        /// <paramref name="reference"/> and the row's <paramref name="row"/>: the secant slope
        /// (f(row) - f(reference)) / (row - reference), and the derivative where the two are equal. The activations are
        /// piecewise linear with one kink at 0, so on one side of it the slope is exact (1, 0 or 0.01), and across it
        /// the difference of the two inputs is at least as large as either, so the division is well conditioned.
        /// </summary>
        public static float RescaleSlope(Activation activation, float reference, float row)
        {
            if (activation == Activation.None)
                return 1f;
            float below = activation == Activation.LeakyRelu ? LeakySlope : 0f;
            bool referenceAbove = reference > 0, rowAbove = row > 0;
            if (referenceAbove && rowAbove)
                return 1f;
            if (!referenceAbove && !rowAbove)
                return below;
            return (Apply(activation, row) - Apply(activation, reference)) / (row - reference);
        }
    }
}
