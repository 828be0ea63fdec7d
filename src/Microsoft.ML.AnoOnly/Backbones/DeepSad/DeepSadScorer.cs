using System;
using Microsoft.ML.AnoOnly.Onnx;
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

        internal DenseLayer First => _first;
        internal DenseLayer Second => _second;
        internal DenseLayer Code => _code;
        internal float[] CentreValues => _centre;

        private long FloatsPerRow => (long)_first.Width + _second.Width + _code.Width;

        public float Score(ReadOnlySpan<float> features)
        {
            long size = FloatsPerRow;
            float[]? rented = size > ScoringScratch.StackLimit ? ScoringScratch.Rent(size) : null;
            Span<float> scratch = rented ?? stackalloc float[(int)size];
            try
            {
                Span<float> first = scratch.Slice(0, _first.Width);
                Span<float> second = scratch.Slice(_first.Width, _second.Width);
                Span<float> code = scratch.Slice(_first.Width + _second.Width, _code.Width);
                _first.Apply(features, first);
                _second.Apply(first, second);
                _code.Apply(second, code);
                return DistanceToCentre(code);
            }
            finally
            {
                if (rented != null)
                    ScoringScratch.Return(rented);
            }
        }

        public void ScoreBlock(ReadOnlySpan<float> rows, int count, Span<float> scores)
        {
            int block = ScoringScratch.BlockRows(FloatsPerRow);
            float[] scratch = ScoringScratch.Rent(block * FloatsPerRow);
            try
            {
                Span<float> first = scratch.AsSpan(0, block * _first.Width);
                Span<float> second = scratch.AsSpan(first.Length, block * _second.Width);
                Span<float> code = scratch.AsSpan(first.Length + second.Length, block * _code.Width);
                for (int start = 0; start < count; start += block)
                {
                    int n = Math.Min(block, count - start);
                    _first.ApplyBlock(rows.Slice(start * FeatureCount), FeatureCount, n, first, _first.Width);
                    _second.ApplyBlock(first, _first.Width, n, second, _second.Width);
                    _code.ApplyBlock(second, _second.Width, n, code, _code.Width);
                    for (int r = 0; r < n; r++)
                        scores[start + r] = DistanceToCentre(code.Slice(r * _code.Width, _code.Width));
                }
            }
            finally
            {
                ScoringScratch.Return(scratch);
            }
        }

        /// <summary>The three layers, then |code - centre|² as ReduceSumSquare over the code axis.</summary>
        public string EmitOnnx(OnnxGraphBuilder graph, string features)
        {
            string hidden = graph.Dense(_second, graph.Dense(_first, features, FirstLayer), SecondLayer);
            string code = graph.Dense(_code, hidden, CodeLayer);
            string centre = graph.Constant(Centre, _centre, 1, _centre.Length);
            string difference = graph.Node("Sub", new[] { code, centre });
            return graph.Node("ReduceSumSquare", new[] { difference }, null, OnnxGraphBuilder.Ints("axes", 1), OnnxGraphBuilder.Int("keepdims", 1));
        }

        /// <summary>|code - centre|², in the same order on every processor.</summary>
        private float DistanceToCentre(ReadOnlySpan<float> code) => FixedOrderSums.SumOfSquaredGaps(code.Slice(0, _code.Outputs), _centre);

        /// <summary>
        /// DeepLIFT-Rescale backwards from the squared distance: with u = code - centre,
        /// Σ_k u_k(x)² - u_k(r)² = Σ_k (u_k(x) + u_k(r)) Δcode_k, so each code coordinate's multiplier is u_k(x) + u_k(r)
        /// (exact, not a linearisation). It goes back through the bias-free code layer (Wᵀ), each LeakyReLU (its secant
        /// slope between reference and row) and linear layer in turn, and multiplies the feature differences.
        /// </summary>
        public void Explain(ReadOnlySpan<float> row, ReadOnlySpan<float> reference, Span<float> contributions)
        {
            int w1 = _first.Width, w2 = _second.Width, wc = _code.Width;
            float[] scratch = ScoringScratch.Rent(2L * (w1 + w2 + wc) + w1 + w2 + wc + FeatureCount);
            try
            {
                Span<float> z1Row = scratch.AsSpan(0, w1), z1Ref = scratch.AsSpan(w1, w1);
                Span<float> z2Row = scratch.AsSpan(2 * w1, w2), z2Ref = scratch.AsSpan(2 * w1 + w2, w2);
                int offset = 2 * (w1 + w2);
                Span<float> codeRow = scratch.AsSpan(offset, wc), codeRef = scratch.AsSpan(offset + wc, wc);
                offset += 2 * wc;
                Span<float> m1 = scratch.AsSpan(offset, w1), m2 = scratch.AsSpan(offset + w1, w2), mCode = scratch.AsSpan(offset + w1 + w2, wc);
                Span<float> mFeatures = scratch.AsSpan(offset + w1 + w2 + wc, FeatureCount);

                Forward(row, z1Row, z2Row, codeRow);
                Forward(reference, z1Ref, z2Ref, codeRef);
                for (int k = 0; k < _code.Outputs; k++)
                    mCode[k] = (codeRow[k] - _centre[k]) + (codeRef[k] - _centre[k]);
                _code.Backward(mCode, m2);
                for (int j = 0; j < _second.Outputs; j++)
                    m2[j] *= Activations.RescaleSlope(_second.Activation, z2Ref[j], z2Row[j]);
                _second.Backward(m2, m1);
                for (int j = 0; j < _first.Outputs; j++)
                    m1[j] *= Activations.RescaleSlope(_first.Activation, z1Ref[j], z1Row[j]);
                _first.Backward(m1, mFeatures);
                for (int i = 0; i < FeatureCount; i++)
                    contributions[i] = mFeatures[i] * (row[i] - reference[i]);
            }
            finally
            {
                ScoringScratch.Return(scratch);
            }
        }

        /// <summary>The pre-activations of both hidden layers and the code of one row (the same bits as
        /// <see cref="Score"/>'s).</summary>
        private void Forward(ReadOnlySpan<float> x, Span<float> z1, Span<float> z2, Span<float> code)
        {
            _first.Linear(x, z1);
            float[] hidden = ScoringScratch.Rent(Math.Max(_first.Width, _second.Width));
            try
            {
                for (int j = 0; j < _first.Width; j++)
                    hidden[j] = Activations.Apply(_first.Activation, z1[j]);
                _second.Linear(hidden, z2);
                for (int j = 0; j < _second.Width; j++)
                    hidden[j] = Activations.Apply(_second.Activation, z2[j]);
                _code.Linear(hidden, code);
            }
            finally
            {
                ScoringScratch.Return(hidden);
            }
        }
    }
}
