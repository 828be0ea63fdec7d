using System;
using Microsoft.ML.AnoOnly.Onnx;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// The eval-mode forward pass of a trained backbone, in managed code: no libtorch at scoring time.
    /// Implementations are immutable and safe to call from many threads at once. Each also writes its forward pass as an
    /// ONNX subgraph (<see cref="IOnnxExportable"/>).
    /// </summary>
    internal interface IAnomalyScorer : IOnnxExportable
    {
        int FeatureCount { get; }

        /// <summary>The anomaly score of one row (higher = more anomalous). The row has already been checked
        /// by <see cref="ScoringGuard"/>.</summary>
        float Score(ReadOnlySpan<float> features);

        /// <summary>
        /// The scores of <paramref name="count"/> rows stored one after the other in <paramref name="rows"/>
        /// (<see cref="FeatureCount"/> floats each), each the same bits as <see cref="Score"/> of that row: the
        /// layers run as matrix-matrix products over the block. The rows have been checked.
        /// </summary>
        void ScoreBlock(ReadOnlySpan<float> rows, int count, Span<float> scores);

        /// <summary>
        /// How much each feature moved the score of <paramref name="row"/> away from that of
        /// <paramref name="reference"/> (DeepLIFT with the Rescale rule, computed backwards through the network): one
        /// value per feature, written to <paramref name="contributions"/>, adding up to
        /// <c>Score(row) - Score(reference)</c> up to float rounding.
        /// </summary>
        void Explain(ReadOnlySpan<float> row, ReadOnlySpan<float> reference, Span<float> contributions);
    }
}
