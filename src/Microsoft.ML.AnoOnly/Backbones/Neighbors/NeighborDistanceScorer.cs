using System;
using System.Numerics.Tensors;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;

namespace Microsoft.ML.AnoOnly.Backbones.Neighbors
{
    /// <summary>
    /// Score = the mean Euclidean distance from the row to its <c>k</c> nearest reference rows. Squared distances are
    /// ||x||^2 - 2 x.r + ||r||^2 with the reference norms precomputed, so a row costs one dot product per reference row.
    /// </summary>
    internal sealed class NeighborDistanceScorer : IAnomalyScorer
    {
        private readonly float[] _reference;
        private readonly float[] _referenceNorms;
        private readonly int _referenceRows;
        private readonly int _neighbors;

        public NeighborDistanceScorer(MemberState member, int neighbors)
        {
            FeatureCount = member.FeatureCount;
            _referenceRows = member.Rows(NeighborDistanceMember.Reference, FeatureCount);
            _reference = member.Get(NeighborDistanceMember.Reference, _referenceRows, FeatureCount);
            _neighbors = Math.Min(neighbors, _referenceRows);
            _referenceNorms = new float[_referenceRows];
            for (int r = 0; r < _referenceRows; r++)
                _referenceNorms[r] = TensorPrimitives.SumOfSquares<float>(_reference.AsSpan(r * FeatureCount, FeatureCount));
        }

        public int FeatureCount { get; }

        public float Score(ReadOnlySpan<float> features)
        {
            Span<float> nearest = stackalloc float[_neighbors];
            nearest.Fill(float.PositiveInfinity);
            float norm = TensorPrimitives.SumOfSquares(features);
            ReadOnlySpan<float> reference = _reference;
            for (int r = 0; r < _referenceRows; r++)
            {
                float squared = norm - 2 * TensorPrimitives.Dot(features, reference.Slice(r * FeatureCount, FeatureCount)) + _referenceNorms[r];
                if (squared < nearest[^1])
                    Insert(nearest, squared);
            }
            float sum = 0;
            foreach (float squared in nearest)
                sum += MathF.Sqrt(MathF.Max(squared, 0));
            return sum / _neighbors;
        }

        /// <summary>Keeps <paramref name="nearest"/> sorted ascending with the new value in place of the largest.</summary>
        private static void Insert(Span<float> nearest, float value)
        {
            int i = nearest.Length - 1;
            while (i > 0 && nearest[i - 1] > value)
            {
                nearest[i] = nearest[i - 1];
                i--;
            }
            nearest[i] = value;
        }
    }
}
