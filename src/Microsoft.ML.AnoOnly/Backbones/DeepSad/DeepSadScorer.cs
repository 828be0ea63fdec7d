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
        public const string FirstWeight = "hidden1.weight";
        public const string FirstBias = "hidden1.bias";
        public const string SecondWeight = "hidden2.weight";
        public const string SecondBias = "hidden2.bias";
        public const string CodeWeight = "code.weight";
        public const string Centre = "centre";

        private const float LeakySlope = 0.01f;

        private readonly DenseLayer _first;
        private readonly DenseLayer _second;
        private readonly DenseLayer _code;
        private readonly float[] _centre;

        public DeepSadScorer(ModelState state)
        {
            int d = state.FeatureCount;
            float[] firstWeight = state.Get(FirstWeight, -1, d);
            int first = firstWeight.Length / d;
            float[] secondWeight = state.Get(SecondWeight, -1, first);
            int second = secondWeight.Length / first;
            float[] codeWeight = state.Get(CodeWeight, -1, second);
            int code = codeWeight.Length / second;
            _first = new DenseLayer(firstWeight, state.Get(FirstBias, first), d, first, Activation.LeakyRelu, LeakySlope);
            _second = new DenseLayer(secondWeight, state.Get(SecondBias, second), first, second, Activation.LeakyRelu, LeakySlope);
            _code = new DenseLayer(codeWeight, null, second, code, Activation.None);
            _centre = state.Get(Centre, code);
            FeatureCount = d;
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
