using System;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;

namespace Microsoft.ML.AnoOnly.Backbones.PReNet
{
    /// <summary>
    /// PReNet's eval-mode score collapsed to one path: score = v . relu(W x + b) + c, where v is the sum of
    /// the relation head's two halves and c holds the fixed reference rows' contribution, both with the
    /// AnoOnly variant's BatchNorm folded in at export (see <c>PReNetModel.Export</c>).
    /// </summary>
    internal sealed class PReNetScorer : IAnomalyScorer
    {
        public const string FeatureWeight = "feature.weight";
        public const string FeatureBias = "feature.bias";
        public const string OutputWeight = "output.weight";
        public const string OutputBias = "output.bias";

        private readonly DenseLayer _feature;
        private readonly DenseLayer _output;

        public PReNetScorer(ModelState state)
        {
            int d = state.FeatureCount;
            float[] featureWeight = state.Get(FeatureWeight, -1, d);
            int hidden = featureWeight.Length / d;
            _feature = new DenseLayer(featureWeight, state.Get(FeatureBias, hidden), d, hidden, Activation.Relu);
            _output = new DenseLayer(state.Get(OutputWeight, 1, hidden), state.Get(OutputBias, 1), hidden, 1, Activation.None);
            FeatureCount = d;
        }

        public int FeatureCount { get; }

        public float Score(ReadOnlySpan<float> features)
        {
            Span<float> hidden = stackalloc float[_feature.Outputs];
            Span<float> score = stackalloc float[1];
            _feature.Apply(features, hidden);
            _output.Apply(hidden, score);
            return score[0];
        }
    }
}
