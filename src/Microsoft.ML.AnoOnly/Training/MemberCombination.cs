using System;
using System.Linq;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Persistence;

namespace Microsoft.ML.AnoOnly.Training
{
    /// <summary>
    /// Puts the members' scores on one scale before they are weighted: each member's score is centred on its median
    /// over the training's unlabeled rows and divided by their interquartile range. Robust statistics, because the
    /// unlabeled rows hold unknown anomalies whose extreme scores would dominate a mean and a standard deviation; and
    /// an affine map, so the combined model stays a weighted sum of its members (explanations and ONNX add up).
    /// </summary>
    internal static class MemberCombination
    {
        /// <summary>Unlabeled rows the statistics are computed on (a fixed sample when there are more).</summary>
        public const int SampleRows = 4096;

        public static MemberState[] Standardized(MemberState[] members, double[] weights, TrainingSet data, int seed)
        {
            (float[] rows, int count) = NormalSample(data, seed);
            var sampleScores = new float[count];
            var standardized = new MemberState[members.Length];
            for (int m = 0; m < members.Length; m++)
            {
                var scorer = Backbones.BackboneRegistry.ForSavedModel(members[m].Backbone).CreateScorer(members[m]);
                scorer.ScoreBlock(rows, count, sampleScores);
                (float center, float scale) = RobustScale(sampleScores);
                standardized[m] = members[m].WithCombination(new ScoreCombination((float)weights[m], center, scale));
            }
            return standardized;
        }

        /// <summary>Up to <see cref="SampleRows"/> of the training's normal rows (a fixed sample drawn from
        /// <paramref name="seed"/>), row-major, and their count.</summary>
        public static (float[] Rows, int Count) NormalSample(TrainingSet data, int seed)
        {
            // Every row reviewed leaves no unlabeled row: then the confirmed normals are the normal rows.
            RowBuffer normal = data.NormalRows;
            int[] sample = RowSample.WithoutReplacement(normal.Count, SampleRows, new Random(seed));
            var rows = new float[sample.Length * normal.Width];
            normal.Gather(sample, rows);
            return (rows, sample.Length);
        }

        /// <summary>The median of the finite <paramref name="scores"/> and their interquartile range (their range, or a
        /// small positive number, when that is zero).</summary>
        public static (float Center, float Scale) RobustScale(float[] scores)
        {
            float[] sorted = scores.Where(float.IsFinite).OrderBy(s => s).ToArray();
            float center = Quantile(sorted, 0.5), scale = Quantile(sorted, 0.75) - Quantile(sorted, 0.25);
            if (!(scale > 1e-12f) || !float.IsFinite(scale))
                scale = Math.Max(sorted.Length == 0 ? 1f : sorted[^1] - sorted[0], 1e-6f);
            return (float.IsFinite(center) ? center : 0f, scale);
        }

        private static float Quantile(float[] sorted, double q)
            => sorted.Length == 0 ? 0f : sorted[(int)Math.Floor(q * (sorted.Length - 1))];
    }
}
