using System;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// The eval-mode forward pass of a trained backbone, in managed code: no libtorch at scoring time.
    /// Implementations are immutable and safe to call from many threads at once.
    /// </summary>
    internal interface IAnomalyScorer
    {
        int FeatureCount { get; }

        /// <summary>The anomaly score of one row (higher = more anomalous). The row has already been checked
        /// by <see cref="ScoringGuard"/>.</summary>
        float Score(ReadOnlySpan<float> features);
    }
}
