using System;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;

namespace Microsoft.ML.AnoOnly.Backbones.DevNet
{
    /// <summary>
    /// DevNet's eval-mode forward pass: score = w . relu(W x + b) + c, where the AnoOnly variant's
    /// BatchNorm has been folded into (w, c) at export.
    /// </summary>
    internal sealed class DevNetScorer : IAnomalyScorer
    {
        public const string HiddenWeight = "hidden.weight";
        public const string HiddenBias = "hidden.bias";
        public const string OutputWeight = "output.weight";
        public const string OutputBias = "output.bias";

        private readonly DenseLayer _hidden;
        private readonly DenseLayer _output;

        public DevNetScorer(ModelState state)
        {
            int d = state.FeatureCount;
            float[] hiddenWeight = state.Get(HiddenWeight, -1, d);
            int hidden = hiddenWeight.Length / d;
            _hidden = new DenseLayer(hiddenWeight, state.Get(HiddenBias, hidden), d, hidden, Activation.Relu);
            _output = new DenseLayer(state.Get(OutputWeight, 1, hidden), state.Get(OutputBias, 1), hidden, 1, Activation.None);
            FeatureCount = d;
        }

        public int FeatureCount { get; }

        public float Score(ReadOnlySpan<float> features)
        {
            Span<float> hidden = stackalloc float[_hidden.Outputs];
            Span<float> score = stackalloc float[1];
            _hidden.Apply(features, hidden);
            _output.Apply(hidden, score);
            return score[0];
        }
    }
}
