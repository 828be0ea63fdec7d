using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
                norms[r] = TensorPrimitives.SumOfSquares<float>(_reference.AsSpan(r * FeatureCount, FeatureCount));
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
            Nearest(brackets, nearest, which);
            float sum = 0;
            foreach (int r in which)
                sum += TensorPrimitives.Distance(features, _reference.AsSpan(r * FeatureCount, FeatureCount));
            return sum / _neighbors;
        }

        /// <summary>
        /// The <c>k</c> smallest brackets, ascending, and which reference rows they belong to (the first of equal ones):
        /// each bracket, in order, goes in when it is below the k-th smallest so far. Most never go in, so they are first
        /// screened against a bound on the k-th smallest of all (<see cref="Bound"/>). A bracket above the bound cannot be
        /// among the k smallest, so leaving it out changes nothing; the brackets at or below it (a handful) are taken one
        /// by one, in order, by the same rule. The screen has no branch: the comparisons of 64 brackets become the bits of
        /// one word, whose set bits are then visited in order.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        internal static void Nearest(ReadOnlySpan<float> brackets, Span<float> nearest, Span<int> which)
        {
            nearest.Fill(float.PositiveInfinity);
            which.Clear();
            int lanes = Vector256<float>.Count;
            int whole = Vector256.IsHardwareAccelerated && nearest.Length <= lanes ? brackets.Length / lanes * lanes : 0;
            if (whole > 0)
            {
                ref float first = ref MemoryMarshal.GetReference(brackets);
                Vector256<float> bound = Vector256.Create(Bound(brackets, whole, nearest.Length));
                for (int start = 0; start < whole; start += 8 * lanes)
                {
                    ulong below = 0;
                    for (int r = start, end = Math.Min(whole, start + 8 * lanes); r < end; r += lanes)
                        below |= (ulong)Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref first, (nuint)r), bound).ExtractMostSignificantBits() << (r - start);
                    for (; below != 0; below &= below - 1)
                    {
                        int index = start + BitOperations.TrailingZeroCount(below);
                        if (brackets[index] < nearest[^1])
                            Insert(nearest, which, brackets[index], index);
                    }
                }
            }
            Take(brackets, whole, brackets.Length, nearest, which);
        }

        /// <summary>
        /// A bound on the k-th smallest of the first <paramref name="whole"/> brackets (whole vectors): the k-th smallest
        /// of the eight lanes' minima, since any eight brackets have a k-th smallest at least that of all of them. The
        /// processor's own minimum (<see cref="Min"/>) is enough: whatever it makes of a NaN, each lane still ends on one of
        /// its own brackets, and the bound holds for any eight brackets from distinct places. A NaN lane counts as
        /// +infinity, so with fewer than k ordered lanes the bound is +infinity and screens nothing out.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static float Bound(ReadOnlySpan<float> brackets, int whole, int k)
        {
            int lanes = Vector256<float>.Count;
            ref float first = ref MemoryMarshal.GetReference(brackets);
            // Four running minima, so that consecutive minimums do not wait on each other.
            Vector256<float> m0 = Vector256.LoadUnsafe(ref first), m1 = m0, m2 = m0, m3 = m0;
            int r = lanes;
            for (; r + 4 * lanes <= whole; r += 4 * lanes)
            {
                m0 = Min(m0, Vector256.LoadUnsafe(ref first, (nuint)r));
                m1 = Min(m1, Vector256.LoadUnsafe(ref first, (nuint)(r + lanes)));
                m2 = Min(m2, Vector256.LoadUnsafe(ref first, (nuint)(r + 2 * lanes)));
                m3 = Min(m3, Vector256.LoadUnsafe(ref first, (nuint)(r + 3 * lanes)));
            }
            for (; r < whole; r += lanes)
                m0 = Min(m0, Vector256.LoadUnsafe(ref first, (nuint)r));
            Vector256<float> minima = Min(Min(m0, m1), Min(m2, m3));
            minima = Vector256.ConditionalSelect(Vector256.Equals(minima, minima), minima, Vector256.Create(float.PositiveInfinity));
            // The k-th smallest of the eight minima, by the same insertion (k is at most 8).
            Span<float> ofLanes = stackalloc float[8];
            minima.CopyTo(ofLanes);
            Span<float> smallest = stackalloc float[8];
            Span<int> lane = stackalloc int[8];
            smallest = smallest.Slice(0, k);
            lane = lane.Slice(0, k);
            smallest.Fill(float.PositiveInfinity);
            for (int l = 0; l < ofLanes.Length; l++)
            {
                if (ofLanes[l] < smallest[^1])
                    Insert(smallest, lane, ofLanes[l], l);
            }
            return smallest[^1];
        }

        /// <summary>The processor's minimum (<c>vminps</c>): the portable one also orders NaN and signed zeros, which the
        /// bound does not need and which costs several instructions more.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> Min(Vector256<float> a, Vector256<float> b) => Avx.IsSupported ? Avx.Min(a, b) : Vector256.Min(a, b);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Take(ReadOnlySpan<float> brackets, int from, int to, Span<float> nearest, Span<int> which)
        {
            for (int r = from; r < to; r++)
            {
                if (brackets[r] < nearest[^1])
                    Insert(nearest, which, brackets[r], r);
            }
        }

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
                Nearest(scratch.AsSpan(0, ReferenceRows), nearest, which);
                foreach (int r in which)
                {
                    ReadOnlySpan<float> neighbor = _reference.AsSpan(r * FeatureCount, FeatureCount);
                    double gaps = 0;
                    for (int i = 0; i < FeatureCount; i++)
                        gaps += (double)(x[i] - neighbor[i]) * (x[i] - neighbor[i]);
                    if (gaps <= 0)
                        continue;
                    // (gap_i^2 / sum of gaps^2) * distance, with the distance as scoring computes it.
                    double scale = sign * TensorPrimitives.Distance(x, neighbor) / gaps / _neighbors;
                    for (int i = 0; i < FeatureCount; i++)
                        contributions[i] += (float)(scale * (x[i] - neighbor[i]) * (x[i] - neighbor[i]));
                }
            }
            finally
            {
                ScoringScratch.Return(scratch);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Insert(Span<float> nearest, Span<int> which, float value, int index)
        {
            int i = nearest.Length - 1;
            while (i > 0 && nearest[i - 1] > value)
            {
                nearest[i] = nearest[i - 1];
                which[i] = which[i - 1];
                i--;
            }
            nearest[i] = value;
            which[i] = index;
        }
    }
}
