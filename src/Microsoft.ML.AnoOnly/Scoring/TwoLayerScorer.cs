using System;
using Microsoft.ML.AnoOnly.Onnx;
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

        internal DenseLayer Hidden => _hidden;
        internal DenseLayer Output => _output;

        public float Score(ReadOnlySpan<float> features)
        {
            int width = _hidden.Width;
            float[]? rented = width > ScoringScratch.StackLimit ? ScoringScratch.Rent(width) : null;
            Span<float> hidden = rented ?? stackalloc float[width];
            try
            {
                Span<float> score = stackalloc float[1];
                _hidden.Apply(features, hidden);
                _output.Apply(hidden, score);
                return score[0];
            }
            finally
            {
                if (rented != null)
                    ScoringScratch.Return(rented);
            }
        }

        public void ScoreBlock(ReadOnlySpan<float> rows, int count, Span<float> scores)
        {
            int width = _hidden.Width, block = ScoringScratch.BlockRows(width);
            float[] hidden = ScoringScratch.Rent((long)block * width);
            try
            {
                for (int start = 0; start < count; start += block)
                {
                    int n = Math.Min(block, count - start);
                    _hidden.ApplyBlock(rows.Slice(start * FeatureCount), FeatureCount, n, hidden, width);
                    _output.ApplyBlock(hidden, width, n, scores.Slice(start, n), 1);
                }
            }
            finally
            {
                ScoringScratch.Return(hidden);
            }
        }

        public string EmitOnnx(OnnxGraphBuilder graph, string features)
            => graph.Dense(_output, graph.Dense(_hidden, features, "hidden"), "output");

        /// <summary>
        /// DeepLIFT-Rescale: each hidden unit j passes on w_j m_j, m_j the secant slope of ReLU between its
        /// reference and row pre-activations, and the linear layer hands it to the features by W's columns:
        /// c_i = (x_i - r_i) Σ_j W_ji w_j m_j.
        /// </summary>
        /// <remarks>
        /// For this network DeepLIFT-Rescale equals exact integrated gradients along the straight line from the reference
        /// r to the row x. On that line z_j(α) = z_j(r) + α Δz_j is affine in α, so
        /// IG_i = Δx_i ∫₀¹ ∂s/∂x_i dα = Δx_i Σ_j w_j W_ji ∫₀¹ relu'(z_j(α)) dα, and since d/dα relu(z_j(α)) = relu'(z_j(α)) Δz_j,
        /// ∫₀¹ relu'(z_j(α)) dα = (relu(z_j(x)) - relu(z_j(r))) / Δz_j, ReLU's secant slope m_j (relu'(z_j(r)) when Δz_j = 0,
        /// where z_j is constant along the line). Hence IG_i = Δx_i Σ_j w_j W_ji m_j = c_i. The test
        /// <c>ExplanationTests.TwoLayerContributionsEqualNumericalIntegratedGradients</c> checks it on a fine grid.
        /// </remarks>
        public void Explain(ReadOnlySpan<float> row, ReadOnlySpan<float> reference, Span<float> contributions)
        {
            int width = _hidden.Width;
            float[] scratch = ScoringScratch.Rent(3L * width + FeatureCount);
            try
            {
                Span<float> zRow = scratch.AsSpan(0, width), zReference = scratch.AsSpan(width, width);
                Span<float> multipliers = scratch.AsSpan(2 * width, width), features = scratch.AsSpan(3 * width, FeatureCount);
                _hidden.Linear(row, zRow);
                _hidden.Linear(reference, zReference);
                ReadOnlySpan<float> w = _output.Weights;
                for (int j = 0; j < _hidden.Outputs; j++)
                    multipliers[j] = w[j] * Activations.RescaleSlope(_hidden.Activation, zReference[j], zRow[j]);
                _hidden.Backward(multipliers, features);
                for (int i = 0; i < FeatureCount; i++)
                    contributions[i] = features[i] * (row[i] - reference[i]);
            }
            finally
            {
                ScoringScratch.Return(scratch);
            }
        }
    }
}
