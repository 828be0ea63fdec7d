using System;
using System.Numerics.Tensors;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;

namespace Microsoft.ML.AnoOnly.Backbones.DeepSad
{
    /// <summary>
    /// DeepSAD's eval-mode forward pass: two LeakyReLU(0.01) layers whose BatchNorm was folded into their
    /// (originally bias-free) weights at export, the bias-free code layer, and the squared distance of the
    /// code to the stored centre.
    /// </summary>
    internal sealed class DeepSadScorer : IAnomalyScorer
    {
        public const string FirstLayer = "hidden1", SecondLayer = "hidden2", CodeLayer = "code", Centre = "centre";

        private readonly DenseLayer _first;
        private readonly DenseLayer _second;
        private readonly DenseLayer _code;
        private readonly float[] _centre;

        public DeepSadScorer(MemberState member)
        {
            FeatureCount = member.FeatureCount;
            _first = LayerCodec.Load(member, FirstLayer, FeatureCount, -1, Activation.LeakyRelu);
            _second = LayerCodec.Load(member, SecondLayer, _first.Outputs, -1, Activation.LeakyRelu);
            _code = LayerCodec.Load(member, CodeLayer, _second.Outputs, -1, Activation.None, hasBias: false);
            _centre = member.Get(Centre, _code.Outputs);
        }

        public int FeatureCount { get; }

        public float Score(ReadOnlySpan<float> features)
        {
            Span<float> first = stackalloc float[_first.Outputs];
            Span<float> second = stackalloc float[_second.Outputs];
            Span<float> code = stackalloc float[_code.Outputs];
            _first.Apply(features, first);
            _second.Apply(first, second);
            _code.Apply(second, code);
            TensorPrimitives.Subtract(code, _centre, code);
            return TensorPrimitives.SumOfSquares<float>(code);
        }
    }
}
