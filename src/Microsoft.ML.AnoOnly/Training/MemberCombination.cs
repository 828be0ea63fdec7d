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
            // Every row reviewed leaves no unlabeled row: then the confirmed normals are the normal rows.
            RowBuffer normal = data.NormalRows;
            int[] sample = RowSample.WithoutReplacement(normal.Count, SampleRows, new Random(seed));
            var rows = new float[sample.Length * normal.Width];
            normal.Gather(sample, rows);
            var sampleScores = new float[sample.Length];
            var standardized = new MemberState[members.Length];
            for (int m = 0; m < members.Length; m++)
            {
                var scorer = Backbones.BackboneRegistry.ForSavedModel(members[m].Backbone).CreateScorer(members[m]);
                scorer.ScoreBlock(rows, sample.Length, sampleScores);
                float[] scores = sampleScores.Where(float.IsFinite).OrderBy(s => s).ToArray();
                float center = Quantile(scores, 0.5), scale = Quantile(scores, 0.75) - Quantile(scores, 0.25);
                if (!(scale > 1e-12f) || !float.IsFinite(scale))
                    scale = Math.Max(scores.Length == 0 ? 1f : scores[^1] - scores[0], 1e-6f);
                standardized[m] = members[m].WithCombination(new ScoreCombination((float)weights[m], float.IsFinite(center) ? center : 0f, scale));
            }
            return standardized;
        }

        private static float Quantile(float[] sorted, double q)
            => sorted.Length == 0 ? 0f : sorted[(int)Math.Floor(q * (sorted.Length - 1))];
    }
}
