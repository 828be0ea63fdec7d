using System;
using Microsoft.ML.AnoOnly.Persistence;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// The eval-mode scorer of a one-hidden-layer network, score = w . relu(W x + b) + c, with any BatchNorm
    /// already folded into (w, c) at export. DevNet is this network; PReNet's relation score collapses to it.
    /// </summary>
    internal sealed class TwoLayerScorer : IAnomalyScorer
    {
        private readonly DenseLayer _hidden;
        private readonly DenseLayer _output;

        public TwoLayerScorer(MemberState member, string hiddenLayer, string outputLayer)
        {
            FeatureCount = member.FeatureCount;
            _hidden = LayerCodec.Load(member, hiddenLayer, FeatureCount, -1, Activation.Relu);
            _output = LayerCodec.Load(member, outputLayer, _hidden.Outputs, 1, Activation.None);
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
