using System;
using System.Numerics.Tensors;
using Microsoft.ML.AnoOnly.Onnx;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;

namespace Microsoft.ML.AnoOnly.Backbones.Neighbors
{
    /// <summary>
    /// Score = the mean Euclidean distance from the row to its <c>k</c> nearest reference rows. The nearest are found
    /// from <c>||r||^2 - 2 x.r</c> (the squared distance less the row's own norm, which does not change the order), which
    /// for every reference row at once is a dense layer with weights <c>-2 R</c> and bias <c>||r||^2</c>: blocks of rows
    /// go through the same register-tiled matrix kernel as the networks' layers. The k distances themselves are then
    /// computed directly, sqrt(Σ (x_i - r_i)^2): the expanded form loses precision to cancellation when a row lies close
    /// to a reference row, and the direct one gives the same value in ONNX Runtime. A row scores to the same bits
    /// alone or in a block.
    /// </summary>
    internal sealed class NeighborDistanceScorer : IAnomalyScorer
    {
        private readonly DenseLayer _distances;
        private readonly float[] _reference;
        private readonly int _neighbors;

        public NeighborDistanceScorer(MemberState member, int neighbors)
        {
            FeatureCount = member.FeatureCount;
            int rows = member.Rows(NeighborDistanceMember.Reference, FeatureCount);
            _reference = member.Get(NeighborDistanceMember.Reference, rows, FeatureCount);
            _neighbors = Math.Min(neighbors, rows);
            var weights = new float[_reference.Length];
            TensorPrimitives.Multiply(_reference, -2f, weights);
            var norms = new float[rows];
            for (int r = 0; r < rows; r++)
                norms[r] = FixedOrderSums.SumOfSquares(_reference.AsSpan(r * FeatureCount, FeatureCount));
            _distances = new DenseLayer(weights, norms, FeatureCount, rows, Activation.None);
        }

        public int FeatureCount { get; }

        private int ReferenceRows => _distances.Outputs;

        public float Score(ReadOnlySpan<float> features)
        {
            float[] scratch = ScoringScratch.Rent(_distances.Width);
            try
            {
                _distances.Apply(features, scratch);
                return MeanOfNearest(features, scratch.AsSpan(0, ReferenceRows));
            }
            finally
            {
                ScoringScratch.Return(scratch);
            }
        }

        public void ScoreBlock(ReadOnlySpan<float> rows, int count, Span<float> scores)
        {
            int block = ScoringScratch.BlockRows(_distances.Width);
            float[] scratch = ScoringScratch.Rent((long)block * _distances.Width);
            try
            {
                for (int start = 0; start < count; start += block)
                {
                    int n = Math.Min(block, count - start);
                    _distances.ApplyBlock(rows.Slice(start * FeatureCount), FeatureCount, n, scratch, _distances.Width);
                    for (int r = 0; r < n; r++)
                        scores[start + r] = MeanOfNearest(rows.Slice((start + r) * FeatureCount, FeatureCount),
                            scratch.AsSpan(r * _distances.Width, ReferenceRows));
                }
            }
            finally
            {
                ScoringScratch.Return(scratch);
            }
        }

        /// <summary>The mean distance to the <c>k</c> reference rows with the smallest brackets (the nearest).</summary>
        private float MeanOfNearest(ReadOnlySpan<float> features, ReadOnlySpan<float> brackets)
        {
            Span<float> nearest = stackalloc float[_neighbors];
            Span<int> which = stackalloc int[_neighbors];
            SmallestBrackets.Select(brackets, nearest, which);
            float sum = 0;
            foreach (int r in which)
                sum += Distance(features, _reference.AsSpan(r * FeatureCount, FeatureCount));
            return sum / _neighbors;
        }

        /// <summary>The Euclidean distance, from <see cref="FixedOrderSums.SumOfSquaredGaps"/>.</summary>
        internal static float Distance(ReadOnlySpan<float> x, ReadOnlySpan<float> r) => MathF.Sqrt(FixedOrderSums.SumOfSquaredGaps(x, r));

        /// <summary>The same computation: one Gemm for the brackets, TopK of the smallest (their indices), Gather of those
        /// reference rows, and the mean of their direct distances.</summary>
        public string EmitOnnx(OnnxGraphBuilder graph, string features)
        {
            string brackets = graph.Dense(_distances, features, "neighbors");
            string k = graph.Constant("neighbors.k", new long[] { _neighbors });
            string indices = graph.NodeWithOutputs("TopK", new[] { brackets, k }, 2,
                OnnxGraphBuilder.Int("axis", 1), OnnxGraphBuilder.Int("largest", 0), OnnxGraphBuilder.Int("sorted", 1))[1];
            string reference = graph.Constant("neighbors.reference", _reference, ReferenceRows, FeatureCount);
            string neighbors = graph.Node("Gather", new[] { reference, indices }, null, OnnxGraphBuilder.Int("axis", 0));
            string row = graph.Node("Unsqueeze", new[] { features }, null, OnnxGraphBuilder.Ints("axes", 1));
            string gaps = graph.Node("Sub", new[] { neighbors, row });
            string squared = graph.Node("ReduceSumSquare", new[] { gaps }, null, OnnxGraphBuilder.Ints("axes", 2), OnnxGraphBuilder.Int("keepdims", 0));
            string distances = graph.Node("Sqrt", new[] { squared });
            return graph.Node("ReduceMean", new[] { distances }, null, OnnxGraphBuilder.Ints("axes", 1), OnnxGraphBuilder.Int("keepdims", 1));
        }

        /// <summary>
        /// Each neighbour distance d = sqrt(Σ_i (x_i - r_i)²) is split over the features in proportion to their squared
        /// gaps, (x_i - r_i)² / d, which adds up to d exactly. A feature's contribution is its share of the row's mean
        /// distance to its neighbours minus its share of the normal reference's mean distance to its own: which features
        /// make this row farther from the normal rows than a typical normal row is. The contributions add up to
        /// <c>Score(row) - Score(reference)</c>, as every member's do.
        /// </summary>
        public void Explain(ReadOnlySpan<float> row, ReadOnlySpan<float> reference, Span<float> contributions)
        {
            contributions.Clear();
            AddShares(row, contributions, 1f);
            AddShares(reference, contributions, -1f);
        }

        private void AddShares(ReadOnlySpan<float> x, Span<float> contributions, float sign)
        {
            float[] scratch = ScoringScratch.Rent(_distances.Width);
            try
            {
                _distances.Apply(x, scratch);
                Span<float> nearest = stackalloc float[_neighbors];
                Span<int> which = stackalloc int[_neighbors];
                SmallestBrackets.Select(scratch.AsSpan(0, ReferenceRows), nearest, which);
                foreach (int r in which)
                {
                    ReadOnlySpan<float> neighbor = _reference.AsSpan(r * FeatureCount, FeatureCount);
                    double gaps = 0;
                    for (int i = 0; i < FeatureCount; i++)
                        gaps += (double)(x[i] - neighbor[i]) * (x[i] - neighbor[i]);
                    if (gaps <= 0)
                        continue;
                    // (gap_i^2 / sum of gaps^2) * distance, with the distance as scoring computes it.
                    double scale = sign * Distance(x, neighbor) / gaps / _neighbors;
                    for (int i = 0; i < FeatureCount; i++)
                        contributions[i] += (float)(scale * (x[i] - neighbor[i]) * (x[i] - neighbor[i]));
                }
            }
            finally
            {
                ScoringScratch.Return(scratch);
            }
        }
    }
}
